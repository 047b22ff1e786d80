import { serverPackage } from '../../tsup.server-package.ts';

export default serverPackage();
