/** Inline SVG icons (no icon font, no network): 16 px, stroke follows the text colour. */
const PATHS = {
  pdf: 'M4 1.5h5.5L13 5v9.5H4zM9.5 1.5V5H13M6 9h5M6 11.5h5',
  transcript: 'M2.5 3.5h11v7h-6l-3 2.5v-2.5h-2zM5 6h6M5 8h4',
  text: 'M3 3h10M3 6h10M3 9h10M3 12h6',
  close: 'M4 4l8 8M12 4l-8 8',
  trash: 'M3 4.5h10M6.5 4.5V3h3v1.5M4.5 4.5l.7 9h5.6l.7-9',
  open: 'M1.5 4.5v8.5h11l2-6h-11l-2 6M1.5 4.5V3h4l1.5 1.5h5.5v2.5',
  search: 'M7 12a5 5 0 1 0 0-10 5 5 0 0 0 0 10zM10.5 10.5L14 14',
  chip: 'M4 4h8v8H4zM6 1.5V4M10 1.5V4M6 12v2.5M10 12v2.5M1.5 6H4M1.5 10H4M12 6h2.5M12 10h2.5',
  keyboard: 'M1.5 4h13v8h-13zM4 6.5h1M7 6.5h1M10 6.5h1M5 9.5h6',
  info: 'M8 14.5a6.5 6.5 0 1 0 0-13 6.5 6.5 0 0 0 0 13zM8 7.5V11M8 5v.5',
  stop: 'M4.5 4.5h7v7h-7z',
  send: 'M2 8l12-5.5-4.5 12L7.5 9zM7.5 9L14 2.5',
  copy: 'M5.5 5.5h8v8h-8zM3 10.5H2.5v-8h8V3',
  download: 'M8 2v8.5M4.5 7L8 10.5 11.5 7M2.5 13.5h11',
  more: 'M3.5 8h.01M8 8h.01M12.5 8h.01',
  edit: 'M10.5 2.5l3 3-8 8h-3v-3z',
  check: 'M3 8.5l3 3 7-7',
  plus: 'M8 3v10M3 8h10',
  minus: 'M3 8h10',
  menu: 'M2.5 4h11M2.5 8h11M2.5 12h11',
  chapters: 'M2.5 3.5h2M6.5 3.5h7M2.5 8h2M6.5 8h7M2.5 12.5h2M6.5 12.5h7',
  play: 'M5 3l8 5-8 5z',
  pause: 'M5 3.5v9M11 3.5v9',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, size = 16 }: { name: IconName; size?: number }) {
  return (
    <svg
      className="icon"
      width={size}
      height={size}
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth={name === 'more' ? 2.6 : 1.4}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={PATHS[name]} />
    </svg>
  );
}
