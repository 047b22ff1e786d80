import { serverPackage } from '../../tsup.server-package.ts';

// The worker's bin keeps its shebang: esbuild carries a leading #! line over.
export default serverPackage(['src/index.ts', 'src/cli.ts']);
