/**
 * Registers the service worker of the built app (not in development, where files change under it).
 * Offline use is a bonus: if registration fails (file:// pages, private modes), the app works as before.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register(new URL('sw.js', document.baseURI)).catch(() => undefined);
}
