// Drives the Jobs API with Elastic Path's JavaScript SDK exactly as a storefront or admin tool would against Elastic
// Path, given only another host and credentials: an export, a hierarchy duplicate and a child-product build, each
// followed through the jobs API until it finishes, then the jobs list and a failed job's errors.
//   node catalog-jobs.mjs <host:port> <client_id> <client_secret> <product id> <hierarchy id> <failed job id>
// Prints one JSON object with what the SDK got back; the calling test checks it.
import { gateway } from '@elasticpath/js-sdk'

const [host, clientId, clientSecret, productId, hierarchyId, failedJobId] = process.argv.slice(2)
const ep = gateway({ host, protocol: 'http', client_id: clientId, client_secret: clientSecret })

async function finished (job) {
  const deadline = Date.now() + 120_000
  for (;;) {
    const { data } = await ep.PCM.Jobs.Get(job.data.id)
    if (['success', 'failed', 'cancelled'].includes(data.attributes.status)) return data
    if (Date.now() > deadline) throw new Error(`job ${data.id} is still ${data.attributes.status}`)
    await new Promise(resolve => setTimeout(resolve, 100))
  }
}

const exportJob = await ep.PCM.ExportProducts({ eq: { status: 'live' } })
const duplicateJob = await ep.Hierarchies.Duplicate(hierarchyId, { type: 'hierarchy', attributes: { name: 'Copied by the SDK', include_products: true } })
const buildJob = await ep.PCM.BuildChildProducts(productId)
const exported = await finished(exportJob)
const duplicated = await finished(duplicateJob)
const built = await finished(buildJob)
const list = await ep.PCM.Jobs.All()
const errors = await ep.PCM.Jobs.GetJobErrors(failedJobId)

console.log(JSON.stringify({
  created: [exportJob.data, duplicateJob.data, buildJob.data],
  exported,
  duplicated,
  built,
  listed: list.data.map(job => job.id),
  total: list.meta.results.total,
  errors: errors.data
}))
