import { runMain } from '@forewarn/runtime';
import { ordersService } from './service.js';

runMain(ordersService);
