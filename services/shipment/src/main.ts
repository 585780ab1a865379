import { runMain } from '@forewarn/runtime';
import { shipmentsService } from './service.js';

runMain(shipmentsService);
