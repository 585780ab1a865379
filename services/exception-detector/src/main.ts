import { runMain } from '@forewarn/runtime';
import { detectorService } from './service.js';

runMain(detectorService);
