// Where the token is kept: this tab's sessionStorage, which outlives a reload but not the tab. The server keeps nothing.

const key = 'jobs-dashboard-token';

export const session = {
  token: () => sessionStorage.getItem(key),
  save: (token) => sessionStorage.setItem(key, token),
  clear: () => sessionStorage.removeItem(key),
};

/** The store a token names (the API's tokens carry it as store_id), or null when it cannot be read from the token. */
export function storeOf(token) {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(payload.padEnd(Math.ceil(payload.length / 4) * 4, '=')), (c) => c.charCodeAt(0));
    const store = JSON.parse(new TextDecoder().decode(bytes)).store_id;
    return typeof store === 'string' ? store : null;
  } catch {
    return null;
  }
}
