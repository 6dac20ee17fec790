import type { Random } from './random';

// Generic name parts, combined at random: no real person is described. Every name carries the marker.
const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Phan', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Huỳnh', 'Ngô'];
const MIDDLE = ['Văn', 'Thị', 'Hữu', 'Đức', 'Minh', 'Thanh', 'Ngọc', 'Quốc'];
const GIVEN = ['An', 'Bình', 'Chi', 'Dũng', 'Giang', 'Hà', 'Hải', 'Hòa', 'Hùng', 'Lan', 'Long', 'Mai', 'Nam', 'Phúc', 'Quân', 'Sơn', 'Tâm', 'Thảo', 'Trung', 'Vy'];
// Family names common among Chăm and Raglai people, again combined at random.
const MINORITY_FAMILY: Record<string, string[]> = { '17': ['Đàng', 'Thành', 'Quảng', 'Lộ', 'Thiên'], '21': ['Pinăng', 'Katơr', 'Chamaléa', 'Pupor', 'Mấu'] };

export const SYNTHETIC_MARKER = '(synthetic)';

export function syntheticPersonName(random: Random, ethnicCode: string): string {
  const family = random.pick(MINORITY_FAMILY[ethnicCode] ?? FAMILY);
  return `${family} ${random.pick(MIDDLE)} ${random.pick(GIVEN)} ${SYNTHETIC_MARKER}`;
}

/** Identity numbers that cannot be real: citizen IDs are 12 digits, these start with SYN. */
export function syntheticIdNumber(random: Random): string {
  return `SYN${String(random.int(0, 999_999_999)).padStart(9, '0')}`;
}
