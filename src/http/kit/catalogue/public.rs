//! Sentences of the public pages: the home page, the verdict page and its advice, the PIN,
//! reports, the photo check, the dashboard, the catalogue, the passport and the GS1 resolver.
//! Entries only: the macro chain in `mod.rs` joins the files into one [`super::Catalogue`].

/// Adds this file's entries to those accumulated and calls the next macro of the chain.
macro_rules! public_words {
    ($next:ident $(, $rest:ident)*; $($acc:tt)*) => {
        $next! { $($rest),*; $($acc)*
        // The home page.
        home_title: "Kiểm tra tem truy xuất OCOP", "Check an OCOP trace label";
        home_intro: "Hệ thống của tỉnh cấp tem có chữ ký số cho sản phẩm OCOP. Quét tem để biết sản phẩm là hàng thật, còn hạng sao hay đã bị thu hồi.", "The province issues digitally signed labels for its OCOP products. Scan a label to see whether the product is genuine, still holds its stars, or has been recalled.";
        home_how: "Cách kiểm tra", "How to check a label";
        home_step_camera: "Mở camera của điện thoại và hướng vào mã QR trên tem.", "Open your phone's camera and point it at the QR code on the label.";
        home_step_link: "Chạm vào đường dẫn hiện ra. Trang kết quả cho biết tem thật hay giả.", "Tap the link that appears. The result page tells you whether the label is genuine.";
        home_step_pin: "Nếu tem có lớp cào, cào ra và nhập mã PIN 8 chữ số để xác nhận sản phẩm.", "If the label has a scratch-off area, scratch it and enter the 8-digit PIN to confirm the product.";
        home_more: "Xem thêm", "More";
        not_found_text: "Địa chỉ này không có trên hệ thống. Nếu bạn vừa quét tem, hãy quét lại để có đủ mã.", "There is no page at this address. If you just scanned a label, scan it again so that the whole code is read.";
        decision_of: "{} ngày {} — {}", "{} of {} — {}";
        serial_of: "{}/{}", "{} of {}";
        scans_text: "Tem này đã được quét {} lần; lần đầu ngày {}.", "This label has been scanned {} times; first on {}.";
        scans_text_once: "Tem này mới được quét 1 lần, ngày {}.", "This label has been scanned once, on {}.";
        // Why a verdict came out as it did: what a shopper can act on, never a code.
        why_genuine: "Chữ ký số trên tem hợp lệ và khớp với một lô hàng đã đăng ký.", "The label's digital signature is valid and matches a registered batch.";
        why_certificate_expiring: "Chữ ký số hợp lệ. Giấy chứng nhận OCOP sắp hết hạn; chủ thể cần đánh giá lại.", "The digital signature is valid. The OCOP certificate is about to expire and is due for review.";
        why_certificate_expired: "Chữ ký số hợp lệ, nhưng giấy chứng nhận OCOP đã hết hạn vào ngày ghi bên dưới.", "The digital signature is valid, but the OCOP certificate expired on the date shown below.";
        why_certificate_revoked: "Chữ ký số hợp lệ, nhưng cơ quan quản lý OCOP đã thu hồi giấy chứng nhận.", "The digital signature is valid, but the OCOP office has revoked the certificate.";
        why_batch_recalled: "Chữ ký số hợp lệ. Ngày và lý do thu hồi ghi ngay bên dưới.", "The digital signature is valid. The date and reason of the recall are shown just below.";
        why_product_expired: "Chữ ký số hợp lệ, nhưng hạn sử dụng ghi bên dưới đã qua.", "The digital signature is valid, but the use-by date shown below has passed.";
        why_clone_suspected: "Tem là tem thật, nhưng cùng một tem đã được quét ở nhiều nơi khác nhau — nhiều hơn một sản phẩm có thể có. Có thể tem thật đã bị in sao lên hàng khác; sản phẩm bạn đang cầm vẫn có thể là hàng thật.", "The label is genuine, but this one label has been scanned in more places than one product could be. A real label may have been copied onto other goods; the product in your hand may still be genuine.";
        why_bad_signature: "Nội dung tem không khớp với chữ ký số: tem đã bị sửa hoặc làm giả.", "The label's content does not match its digital signature: it was altered or forged.";
        why_unknown_key: "Chữ ký số trên tem không phải của hệ thống truy xuất OCOP của tỉnh: tỉnh không cấp tem này.", "The digital signature on the label is not the province's: the province did not issue this label.";
        why_key_revoked: "Tem được ký bằng một mã bảo mật mà tỉnh đã hủy vì có thể đã bị lộ, nên không thể dựa vào tem này để biết hàng thật hay giả.", "The label was signed with a security code the province has cancelled because it may have leaked, so the label cannot tell a genuine product from a fake.";
        why_unknown_batch: "Lô hàng ghi trên tem không có trong sổ đăng ký của tỉnh, nên không thể xác nhận sản phẩm.", "The batch named on the label is not in the province's register, so the product cannot be confirmed.";
        why_serial_out_of_range: "Số thứ tự trên tem lớn hơn số sản phẩm của lô hàng: tỉnh chưa bao giờ cấp tem mang số này.", "The serial number on the label is higher than the number of units in the batch: the province never issued a label with this number.";
        why_malformed: "Không đọc được mã QR như một tem OCOP. Hãy quét lại, hoặc kiểm tra bằng ảnh chụp tem.", "The QR code could not be read as an OCOP label. Scan it again, or check a photo of the label.";
        // The verdict page's headline: one sentence in a shopper's words, never a code.
        head_genuine: "Sản phẩm chính hãng", "Genuine product";
        head_certificate_expiring: "Sản phẩm chính hãng — giấy chứng nhận OCOP sắp hết hạn", "Genuine product — its OCOP certificate expires soon";
        head_certificate_expired: "Tem thật, nhưng sản phẩm không còn chứng nhận OCOP", "Genuine label, but the product is no longer OCOP-certified";
        head_certificate_revoked: "Tem thật, nhưng chứng nhận OCOP đã bị thu hồi", "Genuine label, but its OCOP certificate was revoked";
        head_batch_recalled: "Lô hàng đã bị thu hồi — không sử dụng sản phẩm", "This batch has been recalled — do not use the product";
        head_product_expired: "Sản phẩm đã quá hạn sử dụng — không sử dụng", "Past its use-by date — do not use it";
        head_clone_suspected: "Cần kiểm tra thêm: tem này có thể đã bị sao chép", "Check further: this label may have been copied";
        head_bad_signature: "Cảnh báo: tem giả hoặc đã bị sửa", "Warning: a forged or altered label";
        head_unknown_key: "Cảnh báo: tem không do tỉnh cấp", "Warning: this label was not issued by the province";
        head_key_revoked: "Cảnh báo: tem này không còn đáng tin cậy", "Warning: this label can no longer be trusted";
        head_unknown_batch: "Cảnh báo: lô hàng trên tem không có trong sổ đăng ký", "Warning: the batch on this label is not registered";
        head_serial_out_of_range: "Cảnh báo: số thứ tự trên tem chưa từng được cấp", "Warning: the serial number on this label was never issued";
        head_malformed: "Không đọc được tem", "The label could not be read";
        head_pin_already: "Cảnh báo: mã PIN của tem này đã được kích hoạt ngày {}", "Warning: this label's PIN was already activated on {}";
        head_pin_used_before: "Mã PIN của tem này đã được dùng ngày {}", "This label's PIN was already used on {}";
        why_pin_used_before: "Tem là tem thật, nhưng mã PIN dưới lớp cào đã được kích hoạt ngày {}. Nếu chính bạn đã kích hoạt mã này, sản phẩm là của bạn và bạn không cần làm gì thêm.", "The label is genuine, but the PIN under its scratch-off was activated on {}. If it was you who activated it, the product is yours and there is nothing more to do.";
        step_just_scratched: "Nếu bạn vừa mới cào lớp phủ và thấy mã này, bao bì có thể đã bị dùng lại để đựng hàng khác.", "If you have only just scratched the area and found this PIN, the packaging may have been refilled with something else.";
        head_pin_locked: "Mã PIN đã bị khóa — chưa xác nhận được sản phẩm", "PIN locked — the product could not be confirmed";
        why_recalled_on: "Tem là tem thật, nhưng lô hàng này đã bị thu hồi ngày {}. Lý do: {}", "The label is genuine, but this batch was recalled on {}. Reason: {}";
        why_pin_already: "Tem là tem thật, nhưng mã PIN dưới lớp cào đã được nhập đúng từ trước. Mỗi sản phẩm thật chỉ được kích hoạt một lần.", "The label is genuine, but the PIN under its scratch-off was entered correctly before. Each genuine product is activated only once.";
        why_pin_locked: "Mã PIN đã bị nhập sai quá nhiều lần nên hệ thống tạm khóa, vì vậy chưa thể xác nhận sản phẩm này.", "The PIN was entered wrongly too many times, so it is locked and this product cannot be confirmed.";
        // Advice on a verdict page: what it means, what to do, whom to call.
        advice_meaning: "Điều này có nghĩa là gì", "What this means";
        advice_todo: "Bạn nên làm gì", "What to do";
        advice_call: "Cần hỗ trợ, hãy gọi", "For help, call";
        step_do_not_buy: "Không nên mua hoặc sử dụng sản phẩm này.", "Do not buy or use this product.";
        step_do_not_use: "Không sử dụng sản phẩm này.", "Do not use this product.";
        step_keep_pack: "Giữ lại bao bì, tem và hóa đơn mua hàng.", "Keep the pack, the label and the receipt.";
        step_photo: "Chụp ảnh tem và bao bì để đưa cán bộ kiểm tra khi cần.", "Take photos of the label and the pack to show an inspector.";
        step_report: "Gửi phản ánh bằng mẫu trên trang này và ghi rõ nơi mua.", "Send a report with the form on this page, saying where you bought it.";
        step_call: "Gọi đường dây nóng của văn phòng OCOP tỉnh (số ở cuối mục này).", "Call the provincial OCOP office's hotline (the number is at the end of this section).";
        step_return: "Mang sản phẩm trả lại nơi bán để được đổi hoặc hoàn tiền.", "Take the product back to the seller for an exchange or a refund.";
        step_tell_seller: "Báo cho người bán biết sản phẩm đã quá hạn.", "Tell the seller that the product is past its date.";
        step_rescan: "Quét lại tem, giữ máy thẳng và đủ sáng, hoặc tải ảnh chụp tem lên.", "Scan the label again, holding the phone straight in good light, or upload a photo of the label.";
        step_if_still: "Nếu vẫn không đọc được, hãy hỏi người bán về nguồn gốc sản phẩm trước khi mua.", "If it still cannot be read, ask the seller where the product comes from before you buy.";
        step_pin_check: "Nếu tem có lớp cào, hãy cào ra và nhập mã PIN: mã đúng và chưa ai dùng cho biết sản phẩm của bạn là hàng thật.", "If the label has a scratch-off area, scratch it and enter the PIN: a correct PIN nobody has used confirms your product.";
        step_ask_seller: "Hỏi người bán hóa đơn hoặc giấy tờ nguồn gốc của sản phẩm.", "Ask the seller for an invoice or papers showing where the product comes from.";
        step_not_ocop: "Sản phẩm vẫn do chủ thể đã đăng ký làm ra, nhưng không còn được quảng cáo là sản phẩm OCOP có sao.", "The product still comes from the registered producer, but may no longer be sold as a starred OCOP product.";
        step_stars_on_pack: "Nếu bao bì hoặc nơi bán vẫn quảng cáo sao OCOP, hãy báo cho văn phòng OCOP tỉnh.", "If the pack or the shop still advertises OCOP stars, tell the provincial OCOP office.";
        step_fine: "Bạn có thể mua và sử dụng sản phẩm như bình thường.", "You can buy and use the product as usual.";
        step_pin_reused: "Mỗi mã PIN chỉ dùng được một lần. Nếu bạn vừa mới cào lớp phủ, sản phẩm có thể là hàng giả hoặc bao bì đã bị dùng lại.", "Each PIN works only once. If you have only just scratched it, the product may be a fake or sold in reused packaging.";
        step_pin_locked: "Nếu bạn đã nhập đúng mã in dưới lớp cào mà vẫn sai, sản phẩm có thể là hàng giả.", "If you typed the code printed under the scratch-off exactly and it was still wrong, the product may be a fake.";
        claims_title: "Tem này ghi là", "This label claims to be";
        claims_compare: "Hãy so với thông tin in trên bao bì. Đây là điều tem tự ghi, chưa được xác nhận.", "Compare this with what is printed on the pack. It is what the label says, not a confirmation.";
        revoked_text: "ngày {} — lý do: {}", "on {} — reason: {}";
        expired_on: "Hết hiệu lực từ", "Expired on";
        insp_identity: "Định danh lô trên tem", "Batch identity on the label";
        insp_log: "Lần phát hành lô trong sổ công khai", "Batch issuance in the public log";
        insp_log_entry: "bản ghi số {}", "entry {}";
        // Short names of verdicts, for the dashboard.
        short_genuine: "Chính hãng", "Genuine";
        short_certificate_expiring: "Giấy chứng nhận sắp hết hạn", "Certificate expiring";
        short_certificate_expired: "Giấy chứng nhận hết hạn", "Certificate expired";
        short_certificate_revoked: "Giấy chứng nhận bị thu hồi", "Certificate revoked";
        short_batch_recalled: "Lô bị thu hồi", "Batch recalled";
        short_product_expired: "Quá hạn sử dụng", "Past use-by date";
        short_clone_suspected: "Nghi tem sao chép", "Suspected copy";
        short_bad_signature: "Tem giả hoặc bị sửa", "Forged or altered label";
        short_unknown_key: "Tem không do tỉnh cấp", "Not issued by the province";
        short_key_revoked: "Tem không còn đáng tin", "No longer trustworthy";
        short_unknown_batch: "Lô không có trong sổ", "Unknown batch";
        short_serial_out_of_range: "Số thứ tự vượt số lượng", "Serial out of range";
        short_malformed: "Mã QR hỏng", "Unreadable code";
        short_other: "Khác", "Other";
        // The scratch-off PIN.
        pin_activated_on: "Mã PIN của tem này đã được kích hoạt ngày {}.", "This label's PIN was activated on {}.";
        pin_label: "Mã PIN dưới lớp cào (8 chữ số):", "PIN under the scratch-off (8 digits):";
        pin_check: "Kiểm tra", "Check";
        claim_ok: "Mã PIN đúng. Sản phẩm đã được xác nhận chính hãng và ghi nhận lần kích hoạt đầu tiên.", "Correct PIN. This unit is confirmed and its first activation recorded.";
        claim_already: "Mã PIN này đã được kích hoạt ngày {} — có thể là hàng giả hoặc bao bì tái sử dụng.", "This PIN was already activated on {} — possibly a counterfeit or reused packaging.";
        claim_wrong: "Mã PIN không đúng. Còn {} lần thử.", "Wrong PIN. {} attempts left.";
        claim_locked: "Đã nhập sai quá nhiều lần. Mã này bị khóa.", "Too many wrong PINs. This code is locked.";
        claim_malformed: "Mã PIN gồm 8 chữ số. Hãy nhập lại; lần nhập này không bị tính.", "A PIN has 8 digits. Please enter it again; this try was not counted.";
        // Reports of fakes.
        report_summary: "Phản ánh nghi ngờ hàng giả", "Report a suspected fake";
        report_what: "Bạn thấy điều gì bất thường?", "What looks wrong to you?";
        report_intro: "Phản ánh được gửi tới văn phòng OCOP tỉnh; không cần tài khoản.", "Your report goes to the provincial OCOP office; no account is needed.";
        report_place: "Nơi mua (không bắt buộc)", "Place of purchase (optional)";
        report_send: "Gửi", "Send";
        report_thanks: "Cảm ơn bạn. Báo cáo đã được gửi tới cơ quan quản lý OCOP của tỉnh.", "Thank you. Your report was sent to the province's OCOP office.";
        report_limited: "Bạn đã gửi nhiều báo cáo. Vui lòng thử lại sau.", "You have sent several reports. Please try again later.";
        back_to_label: "Quay lại kết quả kiểm tra tem", "Back to the label check";
        // Photo upload.
        photo_title: "Kiểm tra bằng ảnh chụp tem", "Check a photo of a label";
        photo_intro: "Chụp ảnh tem OCOP cho rõ mã QR rồi tải lên để kiểm tra.", "Take a photo of the OCOP label with the QR code in full view, then upload it.";
        photo_label: "Ảnh chụp tem (JPEG hoặc PNG, tối đa 5 MB)", "Photo of the label (JPEG or PNG, up to 5 MB)";
        photo_button: "Kiểm tra", "Check";
        photo_no_qr: "Không tìm thấy mã QR trong ảnh. Hãy chụp gần hơn, đủ sáng và giữ máy thẳng.", "No QR code was found in the photo. Take it closer, in good light, with the phone held straight.";
        photo_retry: "Chụp lại", "Try another photo";
        photo_not_image: "Tệp vừa gửi không phải ảnh JPEG hoặc PNG đọc được. Hãy chụp lại tem và gửi ảnh.", "The file you sent is not a readable JPEG or PNG photo. Take a photo of the label and send that.";
        photo_bad_upload: "Không nhận được ảnh: ảnh có thể lớn hơn 5 MB. Hãy chụp lại và gửi một ảnh nhỏ hơn.", "The photo did not arrive: it may be larger than 5 MB. Take it again and send a smaller one.";
        // The dashboard.
        dash_title: "Chương trình OCOP của tỉnh", "The province's OCOP programme";
        dash_as_of: "Số liệu đến ngày {}", "Figures as of {}";
        dash_download: "Tải số liệu:", "Download the figures:";
        dash_products: "{} sản phẩm OCOP", "{} OCOP products";
        dash_product: "{} sản phẩm OCOP", "{} OCOP product";
        dash_subjects: "{} chủ thể", "{} producers";
        dash_subject: "{} chủ thể", "{} producer";
        dash_by_star: "Theo hạng sao", "By stars";
        dash_by_status: "Theo tình trạng giấy chứng nhận", "By certificate status";
        dash_by_kind: "Chủ thể theo loại hình", "Producers by kind";
        dash_by_group: "Theo nhóm sản phẩm", "By product group";
        dash_labels: "Tem phát hành theo tháng", "Labels issued per month";
        dash_scans: "Lượt quét xác thực theo tháng", "Verification scans per month";
        dash_month: "Tháng", "Month";
        dash_count: "Lượt quét", "Scans";
        dash_results: "Kết quả", "Results";
        dash_targets: "Tiến độ so với mục tiêu", "Progress against targets";
        target_met: "Đạt", "Met";
        target_on_track: "Đúng tiến độ", "On track";
        target_behind: "Chậm tiến độ", "Behind";
        target_missed: "Không đạt", "Missed";
        // The catalogue and product pages.
        cat_title: "Sản phẩm OCOP của tỉnh", "The province's OCOP products";
        cat_search: "Tìm theo tên", "Search by name";
        cat_count: "{} sản phẩm", "{} products";
        cat_none: "Không có sản phẩm nào khớp.", "No product matches.";
        cat_count_one: "1 sản phẩm", "1 product";
        cat_filter_group: "Nhóm sản phẩm", "Product group";
        cat_filter_star: "Hạng sao", "Stars";
        cat_filter_commune: "Xã, phường", "Commune or ward";
        cat_filter_channel: "Nơi bán", "Where it is sold";
        cat_stars: "{} sao", "{} stars";
        cat_active: "Đang lọc:", "Filtered by:";
        channel_traditional_market: "Chợ truyền thống", "Traditional market";
        channel_supermarket: "Siêu thị, cửa hàng tiện lợi", "Supermarket or convenience store";
        channel_ecommerce: "Sàn thương mại điện tử", "Online marketplace";
        channel_own_shop: "Cửa hàng của chủ thể", "The producer's own shop";
        channel_showroom: "Điểm giới thiệu, bán sản phẩm OCOP", "OCOP showroom";
        not_certified: "Không còn là sản phẩm OCOP được chứng nhận.", "No longer a certified OCOP product.";
        listing_title: "Kiểm tra gian hàng trực tuyến", "Check an online shop listing";
        listing_intro: "Dán đường dẫn của gian hàng để biết gian hàng có thuộc sản phẩm này không.", "Paste the link of a shop listing to see whether it belongs to this product.";
        listing_registered: "Đúng: gian hàng này đã được đăng ký cho sản phẩm OCOP “{}”.", "Confirmed: this listing is registered for the OCOP product “{}”.";
        listing_registered_advice: "Khi nhận hàng, bạn vẫn nên quét tem trên bao bì để chắc chắn đó là hàng thật.", "When the goods arrive, still scan the label on the package to be sure they are genuine.";
        listing_other: "Cảnh báo: gian hàng này được đăng ký cho một sản phẩm khác (“{}”), không phải “{}”.", "Warning: this listing is registered for another product (“{}”), not “{}”.";
        listing_not_registered: "Cảnh báo: gian hàng này chưa được đăng ký cho sản phẩm OCOP “{}”.", "Warning: this listing is not registered for the OCOP product “{}”.";
        listing_warn_claim: "Lời quảng cáo sao OCOP ở gian hàng này có thể không đúng sự thật. Đừng mua chỉ vì thấy nhãn OCOP.", "The OCOP star claim in this listing may be false. Do not buy just because it shows an OCOP label.";
        listing_warn_report: "Nếu đã mua, hãy giữ hóa đơn, ảnh chụp gian hàng và bao bì, rồi báo cho văn phòng OCOP tỉnh. Bạn cũng có thể báo gian hàng này với sàn thương mại điện tử.", "If you have bought from it, keep the receipt, a screenshot of the listing and the packaging, then tell the provincial OCOP office. You can also report the listing to the marketplace.";
        listing_bad_url: "Đường dẫn chưa đúng: hãy dán đường dẫn đầy đủ của gian hàng, bắt đầu bằng https://", "That link does not look right: paste the listing's whole link, starting with https://";
        unknown_gtin: "Không có sản phẩm OCOP nào mang mã GTIN này.", "No OCOP product has this GTIN.";
        unknown_lot: "Không tìm thấy lô hàng này; dưới đây là thông tin của sản phẩm.", "This lot is not in the register; here is the product instead.";
        // The passport on public pages (templates/passport_content.html).
        pp_title: "Thông tin sản phẩm", "About this product";
        pp_photos_more: "Ảnh khác của sản phẩm", "More photos of the product";
        pp_documents: "Giấy tờ đã được cán bộ kiểm tra xác nhận", "Documents confirmed by an inspector";
        pp_doc_valid_until: "Hiệu lực đến {}", "Valid until {}";
        pp_stars: "{} sao OCOP", "{} OCOP stars";
        pp_status: "Tình trạng", "Status";
        pp_cert_title: "Giấy chứng nhận OCOP", "OCOP certificate";
        pp_producer_title: "Nơi sản xuất", "Producer";
        pp_batch_title: "Lô hàng", "Batch";
        pp_journey_title: "Hành trình của lô hàng", "The batch's journey";
        journey_harvest: "Thu hoạch nguyên liệu", "Raw material harvested";
        journey_commissioning: "Sản xuất", "Made";
        journey_transformation: "Chế biến", "Processed";
        journey_packing: "Đóng gói", "Packed";
        journey_shipping: "Xuất hàng đi", "Shipped";
        journey_receiving: "Nhận hàng", "Received";
        journey_inspection: "Cán bộ kiểm tra", "Inspected";
        report_reference: "Mã phản ánh của bạn là {}. Hãy đọc mã này khi gọi cho văn phòng OCOP tỉnh.", "Your report number is {}. Give this number when you call the provincial OCOP office.";
        report_bad_phone: "Số điện thoại chưa đúng: hãy nhập từ 8 đến 15 chữ số, hoặc để trống. Phản ánh chưa được gửi.", "That phone number does not look right: enter 8 to 15 digits, or leave it empty. The report was not sent.";
        report_back: "Quay lại để sửa", "Go back and correct it";
        dash_other_areas: "Các xã, phường khác", "Other communes and wards";
        dash_by_area: "Sản phẩm theo xã, phường (đơn vị hành chính hiện nay)", "Products by commune or ward (today's units)";
        resolver_batch_of: "Lô {} của sản phẩm", "Lot {} of this product";
        resolver_recalled_head: "Lô hàng đã bị thu hồi ngày {} — không sử dụng sản phẩm", "This batch was recalled on {} — do not use the product";
        }
    };
}
