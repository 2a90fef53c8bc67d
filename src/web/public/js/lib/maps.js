// A map link for a venue: Amap (高德地图) search by name and address, which opens the app on phones that have it.
/** @param {{ name: string, address?: string | null }} venue @param {string} city */
export function mapLink(venue, city) {
  const keyword = [venue.address, venue.name].filter(Boolean).join(' ');
  return `https://uri.amap.com/search?keyword=${encodeURIComponent(keyword)}&city=${encodeURIComponent(city)}&view=map&src=openday&callnative=1`;
}
