// The key lives in sessionStorage only: gone with the tab, never in a URL, a cookie or a log.
const KEY_NAME = "vigil.apiKey";

export function storedApiKey(): string | null {
  return window.sessionStorage.getItem(KEY_NAME);
}

export function storeApiKey(apiKey: string): void {
  window.sessionStorage.setItem(KEY_NAME, apiKey);
}

export function forgetApiKey(): void {
  window.sessionStorage.removeItem(KEY_NAME);
}
