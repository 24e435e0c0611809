// Builds channels_app/geo/world-110m.json: every country of Natural Earth's 1:110m admin-0
// map (public domain, via the world-atlas npm package's TopoJSON), projected once here with
// d3-geo's Equal Earth projection into SVG path strings, so that the server draws the map
// with no JavaScript, tile server or CDN. Countries too small for 1:110m (Singapore,
// Bahrain, ...) come from the 1:50m map as a point at their centroid.
//
//   npm ci && node tools/build_world_map.mjs
//
// The ids are ISO 3166-1 numeric codes as strings ("156"); the app maps them to its
// alpha-2 codes with django-countries (channels_app/geo/world.py).
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { geoEqualEarth, geoPath } from "d3-geo";
import { feature } from "topojson-client";

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const WIDTH = 960;
const ANTARCTICA = "010"; // left out: no channel runs there, and it takes a fifth of the height

function countries(file) {
  const topology = JSON.parse(readFileSync(require.resolve(`world-atlas/${file}`), "utf8"));
  return feature(topology, topology.objects.countries).features;
}

const coarse = countries("countries-110m.json").filter((f) => f.id !== ANTARCTICA);
const drawn = { type: "FeatureCollection", features: coarse };
const projection = geoEqualEarth().fitWidth(WIDTH, drawn);
const path = geoPath(projection).digits(1);
const [[, top], [, bottom]] = path.bounds(drawn);
projection.translate([projection.translate()[0], projection.translate()[1] - top]);
const height = Math.ceil(bottom - top);
const round = (n) => Math.round(n * 10) / 10;

const shapes = coarse
  .map((f) => {
    const [[x0, y0], [x1, y1]] = path.bounds(f);
    return { id: f.id ?? null, name: f.properties.name, d: path(f), box: [x0, y0, x1, y1].map(round) };
  })
  .sort((a, b) => (a.name < b.name ? -1 : 1));
const seen = new Set(coarse.map((f) => f.id));
const points = countries("countries-50m.json")
  .filter((f) => f.id && !seen.has(f.id) && f.id !== ANTARCTICA)
  .map((f) => {
    const [x, y] = projection(geoCentroidOf(f));
    return { id: f.id, name: f.properties.name, x: round(x), y: round(y) };
  })
  .sort((a, b) => (a.name < b.name ? -1 : 1));

function geoCentroidOf(f) {
  // The centroid of the largest polygon: an archipelago's centre may fall in the sea far
  // from any of its islands (Kiribati), its largest island is where people look.
  const polygons = f.geometry.type === "MultiPolygon" ? f.geometry.coordinates : [f.geometry.coordinates];
  const area = (p) => geoPath().area({ type: "Polygon", coordinates: p });
  const largest = polygons.reduce((a, b) => (area(b) > area(a) ? b : a));
  return geoPath().centroid({ type: "Polygon", coordinates: largest });
}

const out = {
  source:
    "Natural Earth 1:110m (and 1:50m for small countries) admin-0 countries, public domain, " +
    "v4.1.0 via the world-atlas 2.0.2 npm package; Equal Earth projection by d3-geo 3.1.2. " +
    "Built by tools/build_world_map.mjs.",
  width: WIDTH,
  height,
  shapes,
  points,
};
const target = join(here, "..", "channels_app", "geo", "world-110m.json");
writeFileSync(target, JSON.stringify(out) + "\n");
console.log(`${target}: ${shapes.length} shapes, ${points.length} points, ${WIDTH}x${height}`);
