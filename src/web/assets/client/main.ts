// Progressive enhancement only: every control here also works as a plain link.
import { enhanceAdClose } from './ad-close.js';

enhanceAdClose(document);
