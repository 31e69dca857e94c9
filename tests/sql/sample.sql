-- A small province for the analyst queries of docs/sql.md (tests/api/pg_schema.rs).
INSERT INTO subjects VALUES
 ('VN-VL', 1, 'Hợp tác xã Mật Hoa Dừa Châu Thành', 'cooperative', 'HTX-1', 'Vĩnh Long', 'xã Hòa Tân', now(), '\x7b7d'),
 ('VN-VL', 2, 'Hộ kinh doanh Bà Tư', 'household_business', 'HKD-2', 'Vĩnh Long', 'phường Phước Hậu', now(), '\x7b7d'),
 ('VN-TV', 1, 'Công ty Thạch Dừa', 'company', 'CT-1', 'Trà Vinh', 'xã Cầu Kè', now(), '\x7b7d');
INSERT INTO products VALUES
 ('VN-VL', 3, 1, 'Mật hoa dừa', 'food', '1.3', '08930000000019', now(), '\x7b7d'),
 ('VN-VL', 4, 2, 'Kẹo dừa', 'food', '1.3', '08930000000026', now(), '\x7b7d'),
 ('VN-VL', 5, 2, 'Bánh tét', 'food', '1.1', NULL, now(), '\x7b7d'),
 ('VN-TV', 2, 1, 'Thạch dừa', 'food', '1.3', '08930000000033', now(), '\x7b7d');
INSERT INTO certificates VALUES
 ('VN-VL', 6, 3, 4, '1306/QĐ-UBND', '2025-09-01', 'UBND tỉnh Vĩnh Long', current_date + 400, NULL, NULL, NULL, now(), '\x7b7d'),
 ('VN-VL', 7, 4, 3, '1307/QĐ-UBND', '2024-01-10', 'UBND tỉnh Vĩnh Long', current_date + 20, NULL, NULL, NULL, now(), '\x7b7d'),
 ('VN-VL', 8, 5, 3, '1308/QĐ-UBND', '2024-01-10', 'UBND tỉnh Vĩnh Long', current_date + 300, current_date - 5, 'Vi phạm an toàn thực phẩm', NULL, now(), '\x7b7d'),
 ('VN-TV', 3, 2, 5, '90/QĐ-TTg', '2025-05-01', 'Thủ tướng Chính phủ', current_date + 900, NULL, NULL, NULL, now(), '\x7b7d');
INSERT INTO batches VALUES
 ('VN-VL', 9, 3, 1, 6, '08930000000019', 'MHD-2611', '2026-11-01', '2027-06-30', 2000, 4, 'k1', '2026-11-02T03:00:00Z', 'eyJ.x.y', '\x7b7d'),
 ('VN-VL', 10, 3, 1, 6, '08930000000019', 'MHD-2612', '2026-12-01', '2027-07-30', 500, 4, 'k1', '2026-12-02T03:00:00Z', 'eyJ.x.y', '\x7b7d'),
 ('VN-VL', 11, 4, 2, 7, '08930000000026', 'KD-01', '2026-12-01', '2027-03-01', 300, 3, 'k1', '2026-12-03T03:00:00Z', 'eyJ.x.y', '\x7b7d');
INSERT INTO scan_verdicts VALUES
 ('VN-VL', '2026-11', 'genuine', 120), ('VN-VL', '2026-11', 'bad_signature', 3),
 ('VN-VL', '2026-12', 'genuine', 80);
INSERT INTO reports VALUES
 ('VN-VL', 12, '2026-12-04T09:00:00Z', 9, 'genuine', '\x7b7d'),
 ('VN-VL', 13, '2026-12-05T09:00:00Z', NULL, 'bad_signature', '\x7b7d');
INSERT INTO report_handlings VALUES ('VN-VL', 12, true, 'Đã gọi lại người mua', 'tok_1', now(), '\x7b7d');
