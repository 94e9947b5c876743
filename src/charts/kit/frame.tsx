/**
 * The chart kit's frame: one hook that every chart calls for its size (responsive width), plot
 * area, scales, clip path and export target, and the SVG pieces drawn from it (the <svg> with its
 * viewBox and clip, the pointer overlay with its keyboard read-out).
 */
import {
  createContext,
  useCallback,
  useContext,
  useId,
  useLayoutEffect,
  useMemo,
  useState,
  type KeyboardEvent,
  type MouseEvent,
  type PointerEvent,
  type ReactNode,
  type SVGProps,
} from 'react';
import type { ScaleLinear } from 'd3';
import {
  dataXAt,
  fitLayout,
  layoutFor,
  readoutKey,
  xScaleOf,
  yScaleOf,
  type FrameSpec,
  type Layout,
  type PlotArea,
} from './layout';

export interface ChartFrameHandle extends Layout {
  /** Callback ref for the chart's plot box: measured for the width, and what the export draws. */
  attachPlot: (el: HTMLDivElement | null) => void;
  /** The plot box on screen (null before it is mounted or without a DOM). */
  plot: () => HTMLElement | null;
  /** A document-unique id for this chart's clip path (React's useId, made a valid XML name). */
  clipId: string;
  x: (domain: [number, number], area?: Pick<PlotArea, 'x0' | 'x1'>) => ScaleLinear<number, number>;
  y: (
    domain: [number, number],
    opts?: { nice?: boolean | number; area?: Pick<PlotArea, 'y0' | 'y1'> },
  ) => ScaleLinear<number, number>;
}

/**
 * Charts fitted to their boxes (presentation mode): each fills its plot box, drawn `zoom` CSS
 * pixels per SVG unit (fitLayout), so that its text grows with the screen. null (the default):
 * charts follow their box's width at their reference aspect ratio.
 */
export interface ChartFit {
  zoom: number;
}
export const ChartFitContext = createContext<ChartFit | null>(null);

interface BoxSize {
  width: number;
  height: number;
}

/**
 * The size of `el` in whole CSS pixels, followed with a ResizeObserver; null until measured (and
 * always without a DOM, where layout effects do not run). A hidden box (width 0) keeps the last
 * size, so a chart in a collapsed section does not lay itself out at zero. The height is followed
 * only when `withHeight` (a fitted chart): elsewhere the box's height is the drawing's own.
 */
function useBoxSize(el: HTMLElement | null, withHeight: boolean): BoxSize | null {
  const [size, setSize] = useState<BoxSize | null>(null);
  useLayoutEffect(() => {
    if (!el) return;
    const read = (w: number, h: number): void => {
      if (w <= 0) return;
      const next = { width: Math.round(w), height: withHeight ? Math.round(h) : 0 };
      setSize((s) => (s && s.width === next.width && s.height === next.height ? s : next));
    };
    // Measured before the first paint, so a chart never flashes at its reference width.
    const r = el.getBoundingClientRect();
    read(r.width, r.height);
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver((entries) => {
      for (const e of entries) read(e.contentRect.width, e.contentRect.height);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [el, withHeight]);
  return size;
}

export function useChartFrame(spec: FrameSpec): ChartFrameHandle {
  const [el, setEl] = useState<HTMLDivElement | null>(null);
  const fit = useContext(ChartFitContext);
  const measured = useBoxSize(el, fit !== null);
  const clipId = `clip-${useId().replace(/[^\w-]/g, '')}`;
  const { width, height, margin, minWidth, maxWidth, share, keepAspect } = spec;
  const zoom = fit?.zoom ?? null;
  const layout = useMemo(() => {
    const s = { width, height, margin, minWidth, maxWidth, share, keepAspect };
    return zoom !== null && measured && measured.height > 0
      ? fitLayout(s, measured, zoom)
      : layoutFor(s, measured?.width ?? null);
  }, [width, height, margin, minWidth, maxWidth, share, keepAspect, measured, zoom]);
  const plot = useCallback(() => el, [el]);
  return useMemo(
    () => ({
      ...layout,
      attachPlot: setEl,
      plot,
      clipId,
      x: (domain, area = layout) => xScaleOf(area, domain),
      y: (domain, opts = {}) => yScaleOf(opts.area ?? layout, domain, { nice: opts.nice }),
    }),
    [layout, plot, clipId],
  );
}

export interface PlotSvgProps extends Omit<SVGProps<SVGSVGElement>, 'viewBox' | 'ref'> {
  frame: Layout & { clipId: string };
  /** Define the plot area as a clip path (id `clipId`, or frame.clipId); use it with clipUrl(). */
  clipArea?: boolean;
  clipId?: string;
  children?: ReactNode;
}

/**
 * The chart's <svg>: its viewBox is the layout's size, with no width attribute, so the drawing
 * fills its box; at the measured width that is one SVG unit per CSS pixel.
 */
export function PlotSvg({ frame, clipArea = false, clipId, children, ...rest }: PlotSvgProps) {
  return (
    <svg
      viewBox={`0 0 ${frame.width} ${frame.height}`}
      {...rest}
      style={
        frame.display
          ? { width: frame.display.width, height: frame.display.height, ...rest.style }
          : rest.style
      }
    >
      {clipArea ? (
        <defs>
          <clipPath id={clipId ?? frame.clipId}>
            <rect x={frame.x0} y={frame.y1} width={frame.innerWidth} height={frame.innerHeight} />
          </clipPath>
        </defs>
      ) : null}
      {children}
    </svg>
  );
}

export const clipUrl = (id: string): string => `url(#${id})`;

export interface Readout {
  /** The data x the read-out shows, within [lo, hi]; null when hidden. */
  value: number | null;
  /** For the <svg>: focusable, and the arrow keys move the read-out. */
  keyProps: { tabIndex: number; onKeyDown: (e: KeyboardEvent<SVGSVGElement>) => void };
  /** For the overlay rect: the pointer moves the read-out, leaving hides it. */
  pointerProps: {
    onPointerMove: (e: PointerEvent<SVGRectElement>) => void;
    onPointerLeave: () => void;
  };
}

/** A read-out that follows the pointer over the plot area and the arrow keys, along x in [lo, hi]. */
export function useReadout(
  frame: Layout,
  x: ScaleLinear<number, number> | null,
  lo: number,
  hi: number,
): Readout {
  const [raw, setRaw] = useState<number | null>(null);
  const value = raw === null ? null : Math.min(hi, Math.max(lo, raw));
  return {
    value,
    keyProps: {
      tabIndex: 0,
      onKeyDown: (e) => {
        const next = readoutKey(e.key, e.shiftKey, value, lo, hi);
        if (next === undefined) return;
        e.preventDefault();
        setRaw(next);
      },
    },
    pointerProps: {
      onPointerMove: (e) => {
        const svg = e.currentTarget.ownerSVGElement;
        if (!svg || !x) return;
        const r = svg.getBoundingClientRect();
        setRaw(dataXAt(x, ((e.clientX - r.left) / r.width) * frame.width, lo, hi));
      },
      onPointerLeave: () => setRaw(null),
    },
  };
}

/** The transparent rect over the plot area that takes the pointer (left out of exports). */
export function PointerOverlay({
  frame,
  readout,
  className,
  onClick,
}: {
  frame: Layout;
  /** The pointer and keyboard read-out it drives; none for a chart that only takes clicks. */
  readout?: Readout;
  className?: string;
  onClick?: (e: MouseEvent<SVGRectElement>) => void;
}) {
  return (
    <rect
      className={className}
      data-export="skip"
      x={frame.x0}
      y={frame.y1}
      width={frame.innerWidth}
      height={frame.innerHeight}
      fill="transparent"
      onClick={onClick}
      {...readout?.pointerProps}
    />
  );
}
