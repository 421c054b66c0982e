/** Shading classes of the choropleth: "none", then up to four equal ranges of counts. */

/** Fill of regions without organisations, then the shades from light to dark. */
export const EMPTY_FILL = '#e8e5de';
const SHADES = ['#a8d5c8', '#62ad9b', '#2b7d6d', '#0f4a40'] as const;

/** One class of the legend: counts from..to (inclusive) drawn with `fill`. */
export interface ShadeClass {
  from: number;
  to: number;
  fill: string;
  /** True when text drawn on this fill should be light. */
  dark: boolean;
}

/** The classes for counts up to `max` (the first is always 0–0). */
export function shadeClasses(max: number): ShadeClass[] {
  const classes: ShadeClass[] = [{ from: 0, to: 0, fill: EMPTY_FILL, dark: false }];
  const top = Math.max(0, Math.floor(max));
  if (top === 0) return classes;
  const n = Math.min(SHADES.length, top);
  const step = Math.ceil(top / n);
  for (let i = 0; i < n; i++) {
    const from = i * step + 1;
    if (from > top) break;
    const shade = SHADES.length - n + i;
    classes.push({ from, to: i === n - 1 ? top : Math.min(top, (i + 1) * step), fill: SHADES[shade]!, dark: shade >= 2 });
  }
  return classes;
}

/** The class a count falls in. */
export function classOf(count: number, classes: readonly ShadeClass[]): ShadeClass {
  return classes.find((c) => count >= c.from && count <= c.to) ?? classes[classes.length - 1]!;
}
