export { DiskCache, type CachedImage, type DiskCacheOptions } from './disk-cache.js';
export { IMAGE_PROXY_DEFAULTS, ImageProxy, type ImageProxyOptions, type ProxiedImage } from './proxy.js';
export { IMAGE_PATH_PREFIX, signImageUrl, verifyImagePath, verifyImageSignature } from './sign.js';
export { RASTER_TYPES, detectRasterType, type RasterType } from './sniff.js';
