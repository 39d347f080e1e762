/** A link to the point on OpenStreetMap (no map tiles in the app). */
export function osmUrl(latitude: number, longitude: number): string {
  const lat = latitude.toFixed(6);
  const lon = longitude.toFixed(6);
  return `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=16/${lat}/${lon}`;
}

export type Coordinates = { latitude: number; longitude: number };

/** Latitude and longitude typed by hand (`48.8584`, `-2,2945` with a decimal comma too). */
export function parseCoordinates(latText: string, lonText: string): Coordinates | { error: string } {
  const parse = (text: string) => (/^\s*[-+]?\d+([.,]\d+)?\s*$/.test(text) ? Number(text.trim().replace(',', '.')) : NaN);
  const latitude = parse(latText);
  const longitude = parse(lonText);
  if (!Number.isFinite(latitude) || latitude < -90 || latitude > 90) return { error: 'Latitude must be a number from -90 to 90.' };
  if (!Number.isFinite(longitude) || longitude < -180 || longitude > 180) return { error: 'Longitude must be a number from -180 to 180.' };
  return { latitude, longitude };
}
