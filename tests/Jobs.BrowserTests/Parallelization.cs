// One browser and one API at a time: each spec's waits then measure the page, not a fight for two cores between
// several chromiums and their servers.
[assembly: Xunit.v3.Parallelization(Mode = Xunit.Sdk.ParallelMode.None)]
