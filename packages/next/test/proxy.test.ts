import { describeProxy } from './proxy.cases.js';

describeProxy('node');
