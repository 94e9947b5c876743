/**
 * The worked example on the page: the chart with the samples the view store holds, the
 * Fashion-MNIST test images (verified against the models' labels, as Look closer does) or the 2-D
 * test points, and the choice written back through the controller.
 */
import { useEffect } from 'react';
import type { PairView } from '../model/views';
import { ensureTestImages, useLookCloser } from '../state/lookCloser';
import { useView } from '../state/viewStore';
import { useController } from '../state/controllerContext';
import { WorkedExampleChart } from '../charts/workedExample/WorkedExampleChart';
import { Thumb } from './LookCloser';

export function WorkedExample({
  pair,
  isImages,
  points,
}: {
  pair: PairView;
  isImages: boolean;
  points: Float32Array | null;
}) {
  const controller = useController();
  const chosen = useView((s) => s.workedSamples);
  const images = useLookCloser((s) => s.images);
  const imagesError = useLookCloser((s) => s.imagesError);
  useEffect(() => {
    if (isImages) ensureTestImages();
  }, [isImages]);
  const labels = (pair.ls ?? pair.ce)?.testLabels ?? null;
  const imagesMatch =
    isImages &&
    images &&
    labels &&
    images.n === labels.length &&
    labels.every((y, i) => images.labels[i] === y)
      ? images
      : null;
  const imageNote = !isImages
    ? null
    : imagesError
      ? `Test images unavailable: ${imagesError}`
      : images && !imagesMatch
        ? 'The test images do not match the models’ labels, so they are not shown.'
        : null;
  return (
    <WorkedExampleChart
      pair={pair}
      chosen={chosen}
      onChoose={(samples) => controller.setView({ workedSamples: samples })}
      renderImage={
        imagesMatch
          ? (i) => (
              <Thumb pixels={imagesMatch.pixels} index={i} rows={imagesMatch.rows} cols={imagesMatch.cols} />
            )
          : undefined
      }
      imageNote={imageNote}
      points={isImages ? null : points}
    />
  );
}
