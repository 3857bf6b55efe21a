/**
 * Starts loading the landing page's code at once. Otherwise its chunk is requested only after the
 * auth mode is known (the route guards render nothing before), one more round trip before the
 * first tiles. The dynamic imports are the same ones the lazy routes use, so nothing loads twice.
 */
export function prefetchLandingPage(pathname: string): void {
  if (pathname.startsWith('/gallery')) void import('../features/content/GalleryPage');
  else if (pathname === '/' || pathname.startsWith('/dashboard')) void import('../features/content/DashboardPage');
  else if (pathname.startsWith('/view/')) void import('../features/content/ImageViewPage');
}
