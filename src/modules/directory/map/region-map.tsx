/**
 * The region map of a country: a server-rendered SVG choropleth of organisations per region
 * (a tile grid when the country has no boundary file), its legend, the attribution its data
 * licence asks for, and the same figures as a table for screen readers and text browsers.
 */
import { resolveText, type TranslatedText } from '../../../platform/i18n/content.js';
import type { ViewContext } from '../../../platform/views/context.js';
import { BOUNDARY_SOURCES, countryShapes } from './boundaries.js';
import { classOf, shadeClasses, type ShadeClass } from './classes.js';
import type { CountryShapes } from './geometry.js';
import { tileGridLayout } from './tile-grid.js';

/** A region as the map needs it. */
export interface MapRegion {
  code: string;
  name: TranslatedText;
}

/** What the map draws. */
export interface RegionMapProps {
  ctx: ViewContext;
  spaceCode: string;
  spaceName: string;
  regions: readonly MapRegion[];
  counts: ReadonlyMap<string, number>;
  /** Where a region links to. */
  link: (regionCode: string) => string;
  /** Shapes to draw instead of the space's boundary file (tests); null forces the tile grid. */
  shapes?: CountryShapes | null;
  /** A small map without the table (beside a listing, whose facets give the same figures). */
  compact?: boolean;
}

const TILE = 56;
const GAP = 4;

function regionLabel(ctx: ViewContext, region: MapRegion): { value: string; lang: string | undefined } {
  const r = resolveText(region.name, ctx.locale);
  return { value: r?.value ?? region.code, lang: r?.isFallback ? r.locale : undefined };
}

function Legend({ ctx, classes }: { ctx: ViewContext; classes: ShadeClass[] }) {
  return (
    <ul class="legend">
      {classes.map((c) => (
        <li>
          <svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true" focusable="false">
            <rect width="14" height="14" fill={c.fill} stroke="#76737a" />
          </svg>{' '}
          {c.to === 0
            ? ctx.t('dir.map.none')
            : c.from === c.to
              ? ctx.i18n.number(c.from)
              : ctx.t('dir.map.range', { from: ctx.i18n.number(c.from), to: ctx.i18n.number(c.to) })}
        </li>
      ))}
    </ul>
  );
}

/** The map, its legend and attribution, and the table of counts. */
export function RegionMap(props: RegionMapProps) {
  const { ctx, regions, counts } = props;
  const shapes = props.shapes === undefined ? countryShapes(props.spaceCode) : props.shapes;
  const max = Math.max(0, ...regions.map((r) => counts.get(r.code) ?? 0));
  const classes = shadeClasses(max);
  const title = ctx.t('dir.map.title', { space: props.spaceName });
  const tip = (r: MapRegion) => ctx.t('dir.map.region_count', { region: regionLabel(ctx, r).value, count: counts.get(r.code) ?? 0 });
  const byCode = new Map(shapes?.regions.map((s) => [s.code, s]) ?? []);
  const drawn = shapes ? regions.filter((r) => byCode.has(r.code)) : [];
  const attribution = shapes ? BOUNDARY_SOURCES[props.spaceCode]?.attributionKey : undefined;
  let svg;
  if (shapes && drawn.length) {
    svg = (
      <svg viewBox={`0 0 ${shapes.width} ${shapes.height}`} width={shapes.width} height={shapes.height}>
        <title>{title}</title>
        <g fill-rule="evenodd" stroke="#fff" stroke-width="0.8" stroke-linejoin="round">
          {drawn.map((r) => (
            <a href={props.link(r.code)}>
              <title>{tip(r)}</title>
              <path d={byCode.get(r.code)!.d} fill={classOf(counts.get(r.code) ?? 0, classes).fill} />
            </a>
          ))}
        </g>
      </svg>
    );
  } else {
    const grid = tileGridLayout(regions.map((r) => ({ code: r.code })));
    const width = grid.cols * (TILE + GAP) + GAP;
    const height = grid.rows * (TILE + GAP) + GAP;
    svg = (
      <svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} class="tiles">
        <title>{title}</title>
        {grid.tiles.map((tile, i) => {
          const region = regions[i]!;
          const shade = classOf(counts.get(region.code) ?? 0, classes);
          const x = GAP + tile.col * (TILE + GAP);
          const y = GAP + tile.row * (TILE + GAP);
          return (
            <a href={props.link(region.code)}>
              <title>{tip(region)}</title>
              <rect x={x} y={y} width={TILE} height={TILE} rx="4" fill={shade.fill} />
              <text x={x + TILE / 2} y={y + TILE / 2 + 5} text-anchor="middle" font-size="15" fill={shade.dark ? '#fff' : '#1b1b1f'}>
                {region.code.split('-').pop()}
              </text>
            </a>
          );
        })}
      </svg>
    );
  }
  return (
    <>
      <figure class={props.compact ? 'map small' : 'map'}>
        {svg}
        <figcaption>
          <Legend ctx={ctx} classes={classes} />
          {attribution ? <p class="muted">{ctx.t(attribution)}</p> : <p class="muted">{ctx.t('dir.map.tiles_note')}</p>}
        </figcaption>
      </figure>
      {props.compact ? null : (
        <div class="table">
          <table>
            <caption>{title}</caption>
            <thead>
              <tr>
                <th scope="col">{ctx.t('dir.field.region')}</th>
                <th scope="col">{ctx.t('dir.map.count_heading')}</th>
              </tr>
            </thead>
            <tbody>
              {regions.map((r) => {
                const label = regionLabel(ctx, r);
                return (
                  <tr>
                    <td>
                      <a href={props.link(r.code)} lang={label.lang}>
                        {label.value}
                      </a>
                    </td>
                    <td>{ctx.i18n.number(counts.get(r.code) ?? 0)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
