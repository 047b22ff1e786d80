import { serverPackage } from '../../tsup.server-package.ts';

// The bin keeps its shebang: esbuild carries a leading #! line over.
export default serverPackage({ cli: 'src/cli.ts' });
