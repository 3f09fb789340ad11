// Runs before every test file: the same synthesis settings as the rollout app (see stacks/synth-speed.ts).
import { speedUpSynthesis } from '../../stacks/synth-speed';

speedUpSynthesis();
