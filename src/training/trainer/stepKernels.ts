/**
 * Kernel calls of one training step on this thread: the profile's entries (tf.profile) that name a
 * kernel of the backend in use. A customGrad's wrapper entry is not a kernel and is not counted.
 * The step runs (the trainer advances by one), and is waited for.
 */
import { tf } from './tf';

export async function countLocalStepKernels(trainer: {
  step(n?: number): number;
  sync(): Promise<void>;
}): Promise<{ opsPerStep: number; kernels: Record<string, number> }> {
  const backend = tf.getBackend();
  const info = await tf.profile(() => {
    trainer.step(1);
  });
  const kernels: Record<string, number> = {};
  let opsPerStep = 0;
  for (const k of info.kernels) {
    if (tf.getKernel(k.name, backend) === undefined) continue;
    kernels[k.name] = (kernels[k.name] ?? 0) + 1;
    opsPerStep++;
  }
  await trainer.sync();
  return { opsPerStep, kernels };
}
