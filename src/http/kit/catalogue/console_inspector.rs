//! Sentences of the inspector's pages: batch search, a batch's history, the log check and
//! the documents queue.
//! Entries only: the macro chain in `mod.rs` joins the files into one [`super::Catalogue`].

/// Adds this file's entries to those accumulated and calls the next macro of the chain.
macro_rules! console_inspector_words {
    ($next:ident $(, $rest:ident)*; $($acc:tt)*) => {
        $next! { $($rest),*; $($acc)*
        insp_title: "Tìm lô hàng", "Find batches";
        insp_intro: "Tìm lô hàng của mọi cơ sở theo sản phẩm, cơ sở, mã lô, ngày cấp tem hay tình trạng. Bấm vào một lô để xem toàn bộ lịch sử của lô.", "Search every producer's batches by product, producer, lot, issue date or status. Open a batch to see its whole history.";
        insp_q: "Tên sản phẩm hoặc tên cơ sở", "Product or producer name";
        insp_gtin: "Mã GTIN (số mã vạch)", "GTIN (barcode number)";
        insp_body: "Cơ quan cấp giấy chứng nhận", "Certifying body";
        insp_status: "Giấy chứng nhận hiện nay", "Certificate today";
        insp_from: "Cấp tem từ ngày", "Issued from";
        insp_to: "Cấp tem đến ngày", "Issued until";
        insp_recalled: "Thu hồi", "Recall";
        insp_recalled_yes: "Chỉ lô đã thu hồi", "Recalled batches only";
        insp_recalled_no: "Chỉ lô chưa thu hồi", "Batches not recalled";
        insp_count_one: "1 lô hàng khớp", "1 batch matches";
        insp_count_many: "{} lô hàng khớp", "{} batches match";
        insp_none: "Không có lô hàng nào khớp. Hãy bớt điều kiện tìm.", "No batch matches. Try fewer conditions.";
        insp_row: "{}, cấp tem ngày {}", "{}, issued {}";
        insp_row_cert: "Giấy chứng nhận {}", "Certificate {}";
        runs_one: "{} lần in", "{} print run";
        runs_many: "{} lần in", "{} print runs";
        events_one: "{} sự kiện", "{} event";
        events_many: "{} sự kiện", "{} events";
        insp_csv: "Tải kết quả dạng bảng (CSV)", "Download the results as a table (CSV)";
        err_gtin: "Mã GTIN gồm 8, 12, 13 hoặc 14 chữ số, chữ số cuối là số kiểm tra. Hãy xem lại số trên mã vạch.", "A GTIN has 8, 12, 13 or 14 digits, the last one a check digit. Check the number under the barcode.";
        err_dates_order: "Ngày bắt đầu phải trước hoặc bằng ngày kết thúc.", "The first date must not be after the second.";
        insp_batch_title: "Lịch sử lô {}", "History of lot {}";
        insp_back: "← Về trang tìm lô hàng", "← Back to the batch search";
        insp_gtin_short: "Mã GTIN", "GTIN";
        insp_notes: "Ghi chú", "Notes";
        insp_signed_by: "Ký lúc {} bằng khóa {} ({}).", "Signed at {} with key {} ({}).";
        key_active_long: "khóa đang dùng", "the key in use";
        key_retired_long: "khóa đã ngừng ký; những gì khóa đã ký vẫn có giá trị", "a retired key; what it signed still verifies";
        key_revoked_long: "khóa đã bị thu hồi ngày {}; mọi tem khóa này ký đều bị báo là không đáng tin", "a key revoked on {}; every label it signed now shows as untrustworthy";
        key_unknown: "khóa không có trong bộ khóa của tỉnh", "a key not in the province's key set";
        insp_record_ok: "Chữ ký số của bản ghi hợp lệ: nội dung đúng như lúc ký.", "The record's digital signature verifies: the content is as it was signed.";
        insp_record_bad: "Chữ ký số của bản ghi KHÔNG hợp lệ: bản ghi có thể đã bị sửa. Hãy báo cho bộ phận kỹ thuật.", "The record's digital signature does NOT verify: the record may have been altered. Tell the technical staff.";
        insp_record_details: "Bản ghi đã ký (dành cho kỹ thuật viên)", "The signed record (for technical staff)";
        insp_record_compact: "Dạng JWS rút gọn, đúng từng byte đã ký:", "Compact JWS, byte for byte as signed:";
        insp_record_payload: "Nội dung đã ký:", "Signed content:";
        insp_certs: "Giấy chứng nhận OCOP", "OCOP certificate";
        insp_cert_then: "Khi cấp tem", "When the labels were issued";
        insp_cert_now: "Hiện nay", "Now";
        insp_status_today: "Tình trạng hôm nay: {}.", "Status today: {}.";
        insp_revoked_on: "Bị thu hồi ngày {}. Lý do: {}", "Revoked on {}. Reason: {}";
        insp_superseded_on: "Đã được thay bằng giấy mới ngày {}.", "Replaced by a newer certificate on {}.";
        insp_same_cert: "Vẫn là giấy chứng nhận trên.", "Still the certificate above.";
        insp_no_cert: "Sản phẩm hiện không có giấy chứng nhận nào.", "The product holds no certificate now.";
        insp_cert_missing: "Không tìm thấy giấy chứng nhận này trong sổ.", "This certificate is not in the register.";
        insp_no_stars: "in không kèm sao vì giấy chứng nhận lúc đó không còn hiệu lực", "printed without stars: the certificate was not valid then";
        insp_scans: "Lượt quét tem", "Label scans";
        insp_scans_none: "Chưa có ai quét tem của lô này.", "Nobody has scanned this batch's labels yet.";
        insp_scans_line: "{} trên {}, từ {} (đếm theo từng tem). Lần đầu {}, gần nhất {}.", "{} of {}, from {} (counted per label). First on {}, latest on {}.";
        scan_one: "{} lượt quét", "{} scan";
        scan_many: "{} lượt quét", "{} scans";
        place_one: "{} nơi", "{} place";
        place_many: "{} nơi khác nhau", "{} places";
        insp_anomalies: "Nghi tem sao chép", "Suspected copies";
        insp_anomalies_none: "Không có tem nào bị nghi sao chép.", "No label is suspected of being copied.";
        insp_anomalies_intro: "Những tem này được quét ở nhiều nơi hơn một sản phẩm có thể đi qua:", "These labels were scanned in more places than one product could have been:";
        insp_anomaly_line: "Tem số {}: {} từ {}, gần nhất {}", "Label {}: {} from {}, latest on {}";
        insp_events: "Sự kiện truy xuất", "Traceability events";
        insp_events_none: "Chưa ghi sự kiện nào cho lô này.", "No event has been recorded for this batch.";
        ev_harvest: "Thu hoạch nguyên liệu", "Harvest";
        ev_commissioning: "Hoàn thành sản phẩm", "Production";
        ev_transformation: "Chế biến", "Processing";
        ev_packing: "Đóng gói", "Packing";
        ev_shipping: "Xuất hàng", "Shipping";
        ev_receiving: "Nhận hàng", "Receiving";
        ev_inspection: "Kiểm tra", "Inspection";
        ev_at: "Tại: {}", "At: {}";
        ev_from: "Nhà cung cấp: {}", "Supplier: {}";
        ev_to: "Khách hàng: {}", "Customer: {}";
        ev_inputs: "Nguyên liệu đầu vào: {}", "Inputs: {}";
        ev_input_lot: "lô {}", "lot {}";
        insp_recall: "Thu hồi", "Recall";
        insp_not_recalled: "Lô chưa bị thu hồi.", "The batch has not been recalled.";
        insp_log_title: "Sổ nhật ký công khai", "Public log";
        insp_log_ok: "Lô này là mục số {} trong sổ nhật ký công khai gồm {}. Đã kiểm tra bằng chứng: khớp với bản chốt sổ có chữ ký số lúc {}.", "This batch is entry {} of the public log of {}; proof checked against the checkpoint signed at {}.";
        insp_log_bad_checkpoint: "Không kiểm tra được: bản chốt sổ không mang chữ ký hợp lệ của tỉnh. Hãy báo cho bộ phận kỹ thuật.", "Could not check: the checkpoint does not carry a valid signature of the province. Tell the technical staff.";
        insp_log_bad_entry: "Không khớp: mục số {} của sổ không phải là bản ghi của lô này. Hãy báo cho bộ phận kỹ thuật.", "Mismatch: entry {} of the log is not this batch's record. Tell the technical staff.";
        insp_log_bad_path: "Không khớp: bằng chứng của mục số {} không dẫn tới bản chốt sổ có chữ ký. Hãy báo cho bộ phận kỹ thuật.", "Mismatch: the proof of entry {} does not lead to the signed checkpoint. Tell the technical staff.";
        insp_log_none: "Lô này chưa có mục trong sổ nhật ký.", "This batch has no entry in the log.";
        insp_log_raw: "Dữ liệu gốc cho người kiểm tra độc lập:", "Raw data for independent verifiers:";
        insp_raw_proof: "Bằng chứng đưa vào sổ (JSON)", "Inclusion proof (JSON)";
        insp_raw_entry: "Mục nhật ký (JSON)", "Log entry (JSON)";
        insp_raw_checkpoint: "Bản chốt sổ có chữ ký", "Signed checkpoint";
        insp_downloads: "Tải về", "Downloads";
        insp_epcis: "Lịch sử theo chuẩn EPCIS 2.0 (JSON-LD)", "History as EPCIS 2.0 (JSON-LD)";
        insp_history_csv: "Lịch sử dạng bảng (CSV)", "History as a table (CSV)";
        csv_issued: "Cấp tem cho {}, ký bằng khóa {}", "Labels issued for {}, signed with key {}";
        }
    };
}
