import { runMain } from '@forewarn/runtime';
import { ingestionService } from './service.js';

runMain(ingestionService);
