const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('path');

// One bundle per process the bench starts: the runner, the load generator, the raw relay and the seeder.
module.exports = {
  output: {
    path: join(__dirname, '../../dist/apps/bench'),
    clean: true,
  },
  plugins: [
    new NxAppWebpackPlugin({
      target: 'node',
      compiler: 'tsc',
      main: './src/main.ts',
      additionalEntryPoints: [
        { entryName: 'loadgen', entryPath: './src/loadgen/loadgen.main.ts' },
        { entryName: 'relay', entryPath: './src/relay/relay.main.ts' },
        { entryName: 'seed', entryPath: './src/seed/seed.main.ts' },
      ],
      tsConfig: './tsconfig.app.json',
      optimization: false,
      outputHashing: 'none',
      generatePackageJson: false,
      sourceMap: true,
    }),
  ],
};
