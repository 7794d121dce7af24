// The calls the dashboard makes: the API's public HTTP endpoints only, with the bearer token, so that the page works
// against any API, whether or not it hosts the worker.

/** A JSON:API error the API answered with: its status, title and detail, as Elastic Path words them. */
export class ApiError extends Error {
  constructor(status, title, detail) {
    super(detail ? `${title}: ${detail}` : title);
    this.status = status;
    this.title = title;
    this.detail = detail;
  }
}

async function answerOf(response) {
  const text = await response.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // A proxy's HTML error page: the status alone says what happened.
  }
  if (response.ok) return body;
  const error = body?.errors?.[0];
  throw new ApiError(response.status, error?.title ?? (response.statusText || `HTTP ${response.status}`), error?.detail);
}

/** A token for a client, from POST /oauth/access_token, as Elastic Path's clients ask for one. */
export async function requestToken(clientId, clientSecret) {
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret });
  const answer = await answerOf(await fetch('/oauth/access_token', { method: 'POST', body: form, cache: 'no-store' }));
  return answer.access_token;
}

export class Api {
  constructor(token) {
    this.token = token;
  }

  async call(path, options = {}) {
    const headers = { Accept: 'application/json', Authorization: `Bearer ${this.token}` };
    return answerOf(await fetch(path, { ...options, headers, cache: 'no-store' }));
  }

  /** A page of GET /pcm/jobs: filter in the API's syntax, sort 'created_at' for the order jobs run in. */
  listJobs({ filter, sort, limit, offset = 0 }) {
    const query = new URLSearchParams({ 'page[limit]': limit, 'page[offset]': offset });
    if (filter) query.set('filter', filter);
    if (sort) query.set('sort', sort);
    return this.call(`/pcm/jobs?${query}`);
  }

  job(id) {
    return this.call(`/pcm/jobs/${encodeURIComponent(id)}`);
  }

  errors(id, limit, offset) {
    const query = new URLSearchParams({ 'page[limit]': limit, 'page[offset]': offset });
    return this.call(`/pcm/jobs/${encodeURIComponent(id)}/errors?${query}`);
  }

  cancel(id) {
    return this.call(`/pcm/jobs/${encodeURIComponent(id)}/cancel`, { method: 'POST' });
  }

  exportProducts(filter) {
    const query = filter ? `?${new URLSearchParams({ filter })}` : '';
    return this.call(`/pcm/products/export${query}`, { method: 'POST' });
  }

  importProducts(file) {
    const form = new FormData();
    form.append('file', file);
    return this.call('/pcm/products/import', { method: 'POST', body: form });
  }
}
