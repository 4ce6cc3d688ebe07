export { CHECKPOINT_CHANNEL } from './checkpoints.js';
export type { ApplyResult, ProjectionDeps, Projector, ReadModel } from './projector.js';
export { liveProjector } from './projector.js';
export { ProjectorStoppedError, ReadModelBehindError } from './readModelBehindError.js';
export type { RebuildOptions } from './rebuild.js';
export { RebuildInterruptedError, rebuildReadModel } from './rebuild.js';
export type { ProjectorRunner, RunProjectorOptions } from './runProjector.js';
export { runProjector } from './runProjector.js';
export { usersReadModel, usersReadModelName } from './usersReadModel.js';
