// Tests name it after what they use it for; the generator itself ships with the CLI (`lectern bench import`).
export { writeSyntheticSrt as writeBigSrt } from '../../src-main/measure/synthetic/syntheticTranscript';
