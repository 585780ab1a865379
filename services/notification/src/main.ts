import { runMain } from '@forewarn/runtime';
import { notificationsService } from './service.js';

runMain(notificationsService);
