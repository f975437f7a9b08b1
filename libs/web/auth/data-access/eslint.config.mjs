export { angularProjectConfig as default } from '../../../../eslint.config.mjs';
