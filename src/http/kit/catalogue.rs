//! Every sentence a person reads on a page, Vietnamese and English side by side. The macro
//! makes a missing translation a compile error: an entry without both strings does not parse.
//! `{}` marks where [`crate::http::kit::i18n::fill`] puts a number, a date or a name.

use crate::domain::DocumentKind;
use crate::domain::{CertStatus, SubjectKind};
use crate::verify::VerdictCode;

macro_rules! catalogue {
    ($($key:ident: $vi:literal, $en:literal;)*) => {
        /// The interface in one language; one field per sentence or label.
        #[derive(Debug)]
        pub struct Catalogue {
            $(#[doc = $en] pub $key: &'static str,)*
        }
        /// Tiếng Việt.
        pub const VI: Catalogue = Catalogue { $($key: $vi,)* };
        /// English.
        pub const EN: Catalogue = Catalogue { $($key: $en,)* };
    };
}

catalogue! {
    // The shell.
    site_name: "Truy xuất OCOP", "OCOP trace";
    other_language: "English", "Tiếng Việt";
    nav_catalogue: "Danh mục sản phẩm", "Product catalogue";
    nav_dashboard: "Bảng theo dõi", "Dashboard";
    nav_photo: "Kiểm tra bằng ảnh chụp tem", "Check a photo of a label";
    nav_sign_in: "Đăng nhập cho cơ sở sản xuất và cán bộ", "Sign in for producers and officials";

    // The home page.
    home_title: "Kiểm tra tem truy xuất OCOP", "Check an OCOP trace label";
    home_intro: "Hệ thống của tỉnh cấp tem có chữ ký số cho sản phẩm OCOP. Quét tem để biết sản phẩm là hàng thật, còn hạng sao hay đã bị thu hồi.", "The province issues digitally signed labels for its OCOP products. Scan a label to see whether the product is genuine, still holds its stars, or has been recalled.";
    home_how: "Cách kiểm tra", "How to check a label";
    home_step_camera: "Mở camera của điện thoại và hướng vào mã QR trên tem.", "Open your phone's camera and point it at the QR code on the label.";
    home_step_link: "Chạm vào đường dẫn hiện ra. Trang kết quả cho biết tem thật hay giả.", "Tap the link that appears. The result page tells you whether the label is genuine.";
    home_step_pin: "Nếu tem có lớp cào, cào ra và nhập mã PIN 8 chữ số để xác nhận sản phẩm.", "If the label has a scratch-off area, scratch it and enter the 8-digit PIN to confirm the product.";
    home_more: "Xem thêm", "More";

    // Errors.
    not_found_title: "Không tìm thấy trang", "Page not found";
    not_found_text: "Địa chỉ này không có trên hệ thống. Nếu bạn vừa quét tem, hãy quét lại để có đủ mã.", "There is no page at this address. If you just scanned a label, scan it again so that the whole code is read.";
    busy_title: "Quá nhiều lượt kiểm tra", "Too many checks";
    busy_text: "Mạng của bạn vừa gửi rất nhiều lượt kiểm tra. Vui lòng đợi khoảng một phút rồi thử lại.", "Your network has sent a great many checks in a short time. Please wait about a minute and try again.";
    back_home: "Về trang chủ", "Back to the home page";
    unavailable_title: "Hệ thống đang tạm gián đoạn", "The service is briefly unavailable";
    unavailable_text: "Máy chủ dữ liệu đang bảo trì hoặc gặp sự cố nên hệ thống chưa trả lời được lúc này. Vui lòng thử lại sau ít phút. Nếu bạn đang kiểm tra tem, việc này không có nghĩa là sản phẩm là hàng giả.", "The data server is under maintenance or having trouble, so the service cannot answer right now. Please try again in a few minutes. If you are checking a label, this does not mean the product is fake.";

    // The verdict page.
    product: "Sản phẩm", "Product";
    group: "Nhóm", "Group";
    rating: "Hạng OCOP", "OCOP rating";
    potential_5_star: " (tiềm năng 5 sao)", " (potential 5 stars)";
    certificate: "Giấy chứng nhận", "Certificate";
    decision_of: "{} ngày {} — {}", "{} of {} — {}";
    valid_until: "Hiệu lực đến", "Valid until";
    rating_history: "Lịch sử xếp hạng", "Rating history";
    producer: "Chủ thể", "Producer";
    address: "Địa chỉ", "Address";
    origin: "Vùng nguyên liệu", "Raw-material origin";
    lot: "Lô", "Lot";
    produced: "Ngày sản xuất", "Produced";
    expires: "Hạn sử dụng", "Use by";
    serial: "Số thứ tự", "Serial number";
    serial_of: "{}/{}", "{} of {}";
    recall: "Thu hồi", "Recall";
    scans: "Lượt quét", "Scans";
    scans_text: "Tem này đã được quét {} lần; lần đầu ngày {}.", "This label has been scanned {} times; first on {}.";
    scans_text_once: "Tem này mới được quét 1 lần, ngày {}.", "This label has been scanned once, on {}.";
    why: "Vì sao có kết quả này", "Why this result";

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
    phone: "Điện thoại", "Phone";
    revoked_on: "Bị thu hồi", "Revoked";
    revoked_text: "ngày {} — lý do: {}", "on {} — reason: {}";
    expired_on: "Hết hiệu lực từ", "Expired on";
    inspectors: "Dành cho cán bộ kiểm tra", "For inspectors";
    insp_identity: "Định danh lô trên tem", "Batch identity on the label";
    insp_log: "Lần phát hành lô trong sổ công khai", "Batch issuance in the public log";
    insp_log_entry: "bản ghi số {}", "entry {}";
    office_hotline: "Đường dây nóng", "Hotline";

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

    // Certificate status and producer kinds.
    cert_active: "còn hiệu lực", "valid";
    cert_expiring: "sắp hết hạn", "expiring soon";
    cert_expired: "đã hết hạn", "expired";
    cert_revoked: "đã bị thu hồi", "revoked";
    cert_superseded: "đã được thay thế", "superseded";
    kind_company: "Công ty", "Company";
    kind_enterprise: "Doanh nghiệp", "Enterprise";
    kind_cooperative: "Hợp tác xã", "Cooperative";
    kind_cooperative_group: "Tổ hợp tác", "Cooperative group";
    kind_household: "Hộ kinh doanh", "Household business";

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
    cat_search_button: "Tìm", "Search";
    cat_count: "{} sản phẩm", "{} products";
    cat_none: "Không có sản phẩm nào khớp.", "No product matches.";
    cat_count_one: "1 sản phẩm", "1 product";
    cat_all: "Tất cả", "All";
    cat_filter_group: "Nhóm sản phẩm", "Product group";
    cat_filter_star: "Hạng sao", "Stars";
    cat_filter_commune: "Xã, phường", "Commune or ward";
    cat_filter_channel: "Nơi bán", "Where it is sold";
    cat_stars: "{} sao", "{} stars";
    cat_active: "Đang lọc:", "Filtered by:";
    cat_clear: "Xóa bộ lọc", "Clear the filters";
    cat_page_of: "Trang {}/{}", "Page {} of {}";
    cat_prev: "← Trang trước", "← Previous page";
    cat_next: "Trang sau →", "Next page →";
    channel_traditional_market: "Chợ truyền thống", "Traditional market";
    channel_supermarket: "Siêu thị, cửa hàng tiện lợi", "Supermarket or convenience store";
    channel_ecommerce: "Sàn thương mại điện tử", "Online marketplace";
    channel_own_shop: "Cửa hàng của chủ thể", "The producer's own shop";
    channel_showroom: "Điểm giới thiệu, bán sản phẩm OCOP", "OCOP showroom";
    product_cert: "OCOP {} — quyết định {} ngày {} ({}), hiệu lực đến {}", "OCOP {} — decision {} of {} ({}), valid until {}";
    not_certified: "Không còn là sản phẩm OCOP được chứng nhận.", "No longer a certified OCOP product.";
    listing_title: "Kiểm tra gian hàng trực tuyến", "Check an online shop listing";
    listing_intro: "Dán đường dẫn của gian hàng để biết gian hàng có thuộc sản phẩm này không.", "Paste the link of a shop listing to see whether it belongs to this product.";
    listing_check: "Kiểm tra", "Check";
    listing_registered: "Đúng: gian hàng này đã được đăng ký cho sản phẩm OCOP “{}”.", "Confirmed: this listing is registered for the OCOP product “{}”.";
    listing_registered_advice: "Khi nhận hàng, bạn vẫn nên quét tem trên bao bì để chắc chắn đó là hàng thật.", "When the goods arrive, still scan the label on the package to be sure they are genuine.";
    listing_other: "Cảnh báo: gian hàng này được đăng ký cho một sản phẩm khác (“{}”), không phải “{}”.", "Warning: this listing is registered for another product (“{}”), not “{}”.";
    listing_not_registered: "Cảnh báo: gian hàng này chưa được đăng ký cho sản phẩm OCOP “{}”.", "Warning: this listing is not registered for the OCOP product “{}”.";
    listing_warn_claim: "Lời quảng cáo sao OCOP ở gian hàng này có thể không đúng sự thật. Đừng mua chỉ vì thấy nhãn OCOP.", "The OCOP star claim in this listing may be false. Do not buy just because it shows an OCOP label.";
    listing_warn_report: "Nếu đã mua, hãy giữ hóa đơn, ảnh chụp gian hàng và bao bì, rồi báo cho văn phòng OCOP tỉnh. Bạn cũng có thể báo gian hàng này với sàn thương mại điện tử.", "If you have bought from it, keep the receipt, a screenshot of the listing and the packaging, then tell the provincial OCOP office. You can also report the listing to the marketplace.";
    listing_bad_url: "Đường dẫn chưa đúng: hãy dán đường dẫn đầy đủ của gian hàng, bắt đầu bằng https://", "That link does not look right: paste the listing's whole link, starting with https://";
    product_page: "Trang sản phẩm trong danh mục", "Product page in the catalogue";

    // The GS1 resolver pages.
    invalid_gtin: "Mã GTIN trên tem không hợp lệ.", "The GTIN on the label is not valid.";
    unknown_gtin: "Không có sản phẩm OCOP nào mang mã GTIN này.", "No OCOP product has this GTIN.";
    unknown_lot: "Không tìm thấy lô hàng này; dưới đây là thông tin của sản phẩm.", "This lot is not in the register; here is the product instead.";

    // The console: signing in, setup links, refusals.
    nav_console: "Trang làm việc", "My console";
    sign_out: "Đăng xuất", "Sign out";
    signed_in_as: "Đang đăng nhập: {}", "Signed in as {}";
    sign_in_title: "Đăng nhập", "Sign in";
    sign_in_intro: "Dành cho cơ sở sản xuất, cơ quan OCOP của tỉnh và cán bộ kiểm tra.", "For producers, the province's OCOP office and inspectors.";
    login_label: "Tên đăng nhập hoặc số điện thoại", "Username or phone number";
    password_label: "Mật khẩu", "Password";
    sign_in_button: "Đăng nhập", "Sign in";
    sign_in_failed: "Tên đăng nhập hoặc mật khẩu chưa đúng.", "The name or the password is not right.";
    sign_in_throttled: "Đã thử sai quá nhiều lần. Vui lòng đợi khoảng {} phút rồi thử lại.", "Too many wrong tries. Please wait about {} minutes and try again.";
    sign_in_forgot: "Quên mật khẩu? Hãy liên hệ cơ quan OCOP của tỉnh để nhận đường dẫn đặt lại.", "Forgot your password? Ask the province's OCOP office for a reset link.";
    signed_out: "Bạn đã đăng xuất.", "You have signed out.";
    password_set: "Đã lưu mật khẩu. Bây giờ bạn có thể đăng nhập.", "Your password is saved. You can sign in now.";
    setup_title: "Đặt mật khẩu", "Set your password";
    setup_intro: "Chào {}. Hãy chọn mật khẩu để đăng nhập bằng tên {}.", "Hello {}. Choose a password to sign in as {}.";
    password_hint: "Ít nhất 10 ký tự. Nên dùng một câu dễ nhớ, ví dụ tên sản phẩm kèm năm.", "At least 10 characters. A phrase you remember works well, such as a product name and a year.";
    password_again: "Nhập lại mật khẩu", "Password again";
    setup_button: "Lưu mật khẩu", "Save the password";
    setup_closed: "Đường dẫn này đã được dùng, đã hết hạn hoặc không đúng. Hãy xin cơ quan OCOP của tỉnh một đường dẫn mới.", "This link was already used, has expired or is wrong. Ask the province's OCOP office for a new one.";
    err_password_short: "Mật khẩu cần ít nhất 10 ký tự.", "A password needs at least 10 characters.";
    err_password_long: "Mật khẩu dài quá 128 ký tự.", "A password has at most 128 characters.";
    err_password_common: "Mật khẩu này quá phổ biến nên dễ bị đoán. Hãy chọn mật khẩu khác.", "This password is so common that it is easy to guess. Choose another one.";
    err_password_mismatch: "Hai lần nhập mật khẩu không giống nhau.", "The two passwords are not the same.";
    refused_title: "Không mở được trang này", "This page cannot be opened";
    refused_text: "Trang này không có, hoặc không thuộc cơ sở của bạn.", "This page does not exist, or it does not belong to your business.";
    csrf_title: "Biểu mẫu đã cũ", "This form has expired";
    csrf_text: "Vì an toàn, biểu mẫu này không được chấp nhận. Hãy quay lại, tải lại trang rồi gửi lại.", "For your safety this form was not accepted. Go back, reload the page and send it again.";
    error_title: "Có lỗi xảy ra", "Something went wrong";
    error_text: "Hệ thống gặp lỗi. Vui lòng thử lại sau ít phút; nếu vẫn lỗi, hãy báo cơ quan OCOP của tỉnh.", "The system ran into an error. Please try again in a few minutes; if it persists, tell the province's OCOP office.";
    form_problems: "Vui lòng sửa các mục được đánh dấu bên dưới.", "Please correct the fields marked below.";
    back_console: "Về trang làm việc", "Back to my console";

    // The console: accounts (the office).
    accounts_title: "Tài khoản người dùng", "People's accounts";
    account_new: "Tạo tài khoản mới", "Create an account";
    display_name_label: "Họ và tên", "Full name";
    role_label: "Vai trò", "Role";
    subject_label: "Cơ sở sản xuất", "Producer";
    subject_none: "Không thuộc cơ sở nào (cán bộ)", "No producer (office or inspector)";
    create_button: "Tạo tài khoản", "Create the account";
    role_admin: "Quản trị (cơ quan OCOP)", "Office admin";
    role_office_staff: "Cán bộ cơ quan OCOP", "Office staff";
    role_inspector: "Cán bộ kiểm tra", "Inspector";
    role_producer_manager: "Quản lý cơ sở", "Producer manager";
    role_producer_staff: "Nhân viên cơ sở (không thu hồi được lô)", "Producer staff (cannot recall)";
    role_producer: "Cơ sở (mã truy cập máy)", "Producer (machine token)";
    accounts_list: "Các tài khoản", "Accounts";
    accounts_none: "Chưa có tài khoản nào.", "No accounts yet.";
    account_disabled: "Đã khóa", "Disabled";
    account_waiting: "Chưa đặt mật khẩu", "Password not set yet";
    account_active: "Đang dùng", "In use";
    disable_button: "Khóa tài khoản", "Disable";
    reset_button: "Cấp đường dẫn đặt lại mật khẩu", "Issue a password reset link";
    link_title: "Đường dẫn đặt mật khẩu", "Password setup link";
    link_intro: "Gửi đường dẫn này cho {} (qua Zalo hoặc tin nhắn). Đường dẫn chỉ dùng được một lần, đến {}.", "Send this link to {} (by Zalo or text message). It works once, until {}.";
    link_once: "Đường dẫn chỉ hiện một lần. Nếu làm mất, hãy cấp đường dẫn mới.", "The link is shown only once. If it is lost, issue a new one.";
    err_login: "Tên đăng nhập gồm 3–32 chữ cái không dấu, chữ số, dấu chấm, gạch dưới hoặc gạch ngang; hoặc là số điện thoại 10–11 chữ số.", "A username is 3–32 letters without accents, digits, dots, underscores or hyphens; or a phone number of 10–11 digits.";
    err_login_taken: "Tên đăng nhập hoặc số điện thoại này đã có tài khoản.", "This username or phone number already has an account.";
    err_display_name: "Hãy nhập họ và tên (tối đa 100 ký tự).", "Enter the full name (up to 100 characters).";
    err_subject: "Tài khoản của cơ sở cần chọn cơ sở; tài khoản của cán bộ thì không.", "A producer's account needs its producer; an office or inspector account has none.";
    err_role: "Bạn không được tạo tài khoản với vai trò này.", "You may not create an account with this role.";
    account_disabled_done: "Đã khóa tài khoản {}. Mọi phiên đăng nhập của tài khoản này đã kết thúc.", "Account {} is disabled. All its sessions have ended.";
    disable_own: "Bạn không thể tự khóa tài khoản của mình.", "You cannot disable your own account.";
    last_admin: "Đây là tài khoản quản trị cuối cùng còn hoạt động của văn phòng. Hãy cấp quyền quản trị cho một tài khoản khác trước.", "This is the office's last active administrator account. Make another account an administrator first.";
    back_to_accounts: "Về danh sách tài khoản", "Back to the accounts";

    // The console: the producer's home.
    hello: "Xin chào, {}", "Hello, {}";
    my_products: "Sản phẩm của cơ sở", "Your products";
    no_products: "Cơ sở chưa có sản phẩm nào được đăng ký. Cơ quan OCOP của tỉnh sẽ đăng ký sản phẩm cho bạn.", "Your business has no registered product yet. The province's OCOP office registers products for you.";
    stars: "{} sao", "{} stars";
    cert_line_active: "Giấy chứng nhận còn hiệu lực đến {}.", "Certificate valid until {}.";
    cert_line_expiring: "Giấy chứng nhận sẽ hết hạn sau {}, vào ngày {}. Hãy liên hệ cơ quan OCOP của tỉnh để được đánh giá lại.", "The certificate ends in {}, on {}. Contact the province's OCOP office for a review.";
    cert_line_expired: "Giấy chứng nhận đã hết hạn ngày {}. Chưa thể cấp tem mới cho sản phẩm này.", "The certificate expired on {}. No new labels can be issued for this product.";
    cert_line_revoked: "Giấy chứng nhận đã bị thu hồi. Chưa thể cấp tem mới cho sản phẩm này.", "The certificate was revoked. No new labels can be issued for this product.";
    cert_line_superseded: "Giấy chứng nhận đã được thay bằng giấy mới.", "The certificate was replaced by a newer one.";
    cert_line_none: "Chưa có giấy chứng nhận OCOP. Chưa thể cấp tem cho sản phẩm này.", "No OCOP certificate yet. No labels can be issued for this product.";
    new_batch_button: "Tạo lô hàng mới và in tem", "New batch and labels";
    recent_batches: "Lô hàng gần đây", "Recent batches";
    no_batches: "Chưa có lô hàng nào. Bấm nút bên trên để tạo lô đầu tiên.", "No batches yet. Use the button above to create the first one.";
    batch_line: "Lô {} — {}, sản xuất {}", "Lot {} — {}, made {}";
    recalled_tag: "Đã thu hồi", "Recalled";
    unit_one: "{} sản phẩm", "{} unit";
    unit_many: "{} sản phẩm", "{} units";
    day_one: "{} ngày", "{} day";
    day_many: "{} ngày", "{} days";

    // The console: a new batch.
    batch_new_title: "Lô hàng mới", "New batch";
    batch_new_intro: "Khai báo lô hàng. Sau khi lưu, lô được ký số và bạn có thể in tem ngay.", "Declare the batch. Once saved it is digitally signed and you can print its labels right away.";
    product_label: "Sản phẩm", "Product";
    product_choose: "Chọn sản phẩm", "Choose a product";
    lot_label: "Mã lô", "Lot code";
    lot_hint: "Ví dụ MHD-2612. Dùng chữ không dấu, chữ số và các dấu - . / _ (tối đa 20 ký tự).", "For example MHD-2612. Use letters without accents, digits and the marks - . / _ (up to 20 characters).";
    production_label: "Ngày sản xuất", "Production date";
    expiry_label: "Hạn sử dụng", "Use-by date";
    quantity_label: "Số lượng (số tem cần in)", "Quantity (labels to print)";
    origin_region_label: "Vùng nguyên liệu", "Raw-material region";
    origin_province_label: "Tỉnh, thành phố", "Province";
    origin_commune_label: "Xã, phường (không bắt buộc)", "Commune (optional)";
    origin_prefilled: "Đã điền sẵn theo lô trước; sửa nếu khác.", "Filled in from your last batch; change it if it differs.";
    pin_choice: "In mã PIN dưới lớp cào trên từng tem", "Print a scratch-off PIN on every label";
    pin_hint: "Người mua cào lớp phủ và nhập mã để xác nhận hàng thật. Cần tem có lớp cào.", "Shoppers scratch the cover and enter the code to confirm the product. Needs scratch-off label stock.";
    batch_save: "Lưu và ký số lô hàng", "Save and sign the batch";
    err_product: "Hãy chọn một sản phẩm của cơ sở.", "Choose one of your products.";
    err_lot: "Mã lô chỉ gồm chữ không dấu, chữ số và các dấu - . / _ (từ 1 đến 20 ký tự). Hãy bỏ dấu cách và dấu tiếng Việt.", "A lot code has only letters without accents, digits and the marks - . / _ (1 to 20 characters). Remove spaces and accents.";
    err_lot_taken: "Sản phẩm này đã có một lô mang mã này. Hãy dùng mã lô khác.", "This product already has a batch with this lot code. Use another one.";
    err_date: "Hãy nhập ngày theo dạng ngày/tháng/năm.", "Enter a date as day/month/year.";
    err_expiry: "Hạn sử dụng phải sau ngày sản xuất và chưa qua.", "The use-by date must be after the production date and not yet past.";
    err_quantity: "Số lượng là một số từ 1 đến 10.000.000.", "The quantity is a number from 1 to 10,000,000.";
    err_required: "Mục này cần được điền (tối đa 200 ký tự).", "This field is needed (up to 200 characters).";
    err_certificate: "Giấy chứng nhận OCOP của sản phẩm này không còn hiệu lực, nên chưa thể cấp tem. Hãy liên hệ cơ quan OCOP của tỉnh.", "This product's OCOP certificate is not valid, so no labels can be issued. Contact the province's OCOP office.";
    err_no_key: "Hệ thống chưa có khóa ký số. Hãy báo cơ quan OCOP của tỉnh.", "The system has no signing key. Tell the province's OCOP office.";

    // The console: a batch, printing, recalling.
    batch_title: "Lô {}", "Lot {}";
    batch_signed: "Đã lưu và ký số lô hàng. Bây giờ bạn có thể in tem.", "The batch is saved and signed. You can print its labels now.";
    batch_facts: "Thông tin đã ký", "What was signed";
    pins: "Mã PIN cào", "Scratch-off PIN";
    pin_yes: "Có, mỗi tem một mã PIN dưới lớp cào", "Yes, one PIN under a scratch-off on every label";
    signature: "Chữ ký số", "Digital signature";
    signed_at: "Đã ký lúc {} (mã khóa {})", "Signed at {} (key {})";
    quantity: "Số lượng", "Quantity";
    date_placeholder: "ngày/tháng/năm", "day/month/year";
    print_button: "In tem", "Print labels";
    print_title: "In tem cho lô {}", "Print labels for lot {}";
    from_label: "Từ số", "From serial";
    to_label: "Đến số", "To serial";
    err_range: "Dải số phải nằm trong 1 đến {} và số đầu không lớn hơn số cuối (tối đa 10.000 tem một lần).", "The serials must be within 1 to {}, the first not above the last (at most 10,000 labels at a time).";
    reprint_warning: "Các số {} đã được in trước đây. In lại sẽ tạo tem trùng số; chỉ in lại khi tem cũ bị hỏng hoặc chưa dùng.", "Serials {} were printed before. Printing again makes labels with the same numbers; only do so if the old ones were spoiled or never used.";
    reprint_confirm: "Tôi hiểu, vẫn in lại các số này", "I understand; print these serials again";
    print_history: "Lịch sử in", "Print history";
    print_none: "Lô này chưa được in lần nào.", "This batch has not been printed yet.";
    print_run_line: "Số {} đến {}, in lúc {}", "Serials {} to {}, printed at {}";
    reprint_tag: "in lại", "reprint";
    recall_button: "Thu hồi lô hàng", "Recall the batch";
    recall_title: "Thu hồi lô {}", "Recall lot {}";
    recall_warning: "Sau khi thu hồi, mọi tem của lô này sẽ báo cho người mua là hàng đã bị thu hồi. Không thể hoàn tác.", "Once recalled, every label of this batch tells shoppers that the product was recalled. This cannot be undone.";
    recall_reason_label: "Lý do thu hồi (người mua sẽ đọc được)", "Reason for the recall (shoppers will read it)";
    recall_confirm: "Xác nhận thu hồi", "Confirm the recall";
    recall_cancel: "Không thu hồi, quay lại", "Do not recall; go back";
    recall_done: "Lô đã bị thu hồi ngày {}: {}", "The batch was recalled on {}: {}";
    print_recalled: "Lô này đã bị thu hồi ngày {} ({}), nên không in thêm tem được nữa. Lịch sử in vẫn được giữ ở dưới.", "This batch was recalled on {} ({}), so no more labels can be printed for it. The print history stays below.";
    err_reason: "Hãy ghi lý do thu hồi (tối đa 500 ký tự).", "Write the reason for the recall (up to 500 characters).";
    err_recall_staff: "Chỉ người quản lý cơ sở mới thu hồi được lô hàng.", "Only the producer's manager can recall a batch.";
    err_already_recalled: "Lô này đã bị thu hồi trước đó.", "This batch was already recalled.";
    subjects_title: "Chủ thể OCOP", "OCOP producers";
    subject_new: "Đăng ký chủ thể mới", "Register a producer";
    subject_name_label: "Tên chủ thể", "Producer's name";
    kind_label: "Loại hình", "Legal form";
    registration_label: "Số đăng ký kinh doanh", "Business registration number";
    address_commune_label: "Xã, phường", "Commune or ward";
    address_street_label: "Số nhà, đường, ấp (không bắt buộc)", "Street and hamlet (optional)";
    address_hint: "Địa chỉ theo xã, phường và tỉnh (từ năm 2025 không còn cấp huyện).", "The address by commune and province (districts were abolished in 2025).";
    subject_button: "Đăng ký chủ thể", "Register the producer";
    subject_saved: "Đã đăng ký chủ thể {}. Bây giờ có thể tạo tài khoản cho chủ thể này.", "{} is registered. You can now create an account for it.";
    subjects_none: "Chưa có chủ thể nào.", "No producers yet.";
    err_subject_name: "Hãy nhập tên chủ thể (tối đa 200 ký tự).", "Enter the producer's name (up to 200 characters).";
    err_registration: "Hãy nhập số đăng ký kinh doanh (tối đa 50 ký tự).", "Enter the business registration number (up to 50 characters).";
    err_kind: "Hãy chọn loại hình.", "Choose the legal form.";
    office_home_intro: "Đăng ký chủ thể, sản phẩm và giấy chứng nhận OCOP; quản lý tài khoản; theo dõi giấy chứng nhận sắp hết hạn, tin báo hàng giả, tem nghi bị sao chép và nhật ký phát hành.", "Register producers, products and OCOP certificates; manage accounts; watch certificates ending soon, reports of fakes, labels that look copied and the issuance log.";

    // ---- section: office (branch office) ----
    // entries of this section go right below this line
    insp_note: "Tìm mọi lô hàng, xem lịch sử của lô và đối chiếu với nhật ký công khai.", "Find any batch, read its history and check it against the public log.";
    office_home_title: "Trang làm việc của văn phòng OCOP", "OCOP office console";
    products_title: "Sản phẩm OCOP", "OCOP products";
    products_note: "Đăng ký sản phẩm, cấp, gia hạn và thu hồi giấy chứng nhận.", "Register products; grant, renew and revoke certificates.";
    product_new: "Đăng ký sản phẩm mới", "Register a product";
    product_name_label: "Tên sản phẩm", "Product name";
    subject_choose: "Chọn chủ thể", "Choose a producer";
    group_label: "Nhóm sản phẩm", "Product group";
    group_choose: "Chọn nhóm", "Choose a group";
    subgroup_label: "Phân nhóm (không bắt buộc)", "Sub-group (optional)";
    subgroup_none: "Không chọn phân nhóm", "No sub-group";
    gtin_label: "Mã GTIN (mã vạch, không bắt buộc)", "GTIN (barcode number, optional)";
    gtin_hint: "8, 12, 13 hoặc 14 chữ số in dưới mã vạch, ví dụ 8934588012228. Có thể gõ cả dấu cách.", "The 8, 12, 13 or 14 digits under the barcode, e.g. 8934588012228. Spaces are fine.";
    gtin_fact: "Mã GTIN", "GTIN";
    brand_fact: "Nhãn hiệu", "Brand";
    brand_label: "Nhãn hiệu (không bắt buộc)", "Brand (optional)";
    raw_region_label: "Vùng nguyên liệu (không bắt buộc)", "Raw-material region (optional)";
    green_region_label: "Chuỗi giá trị OCOP xanh (không bắt buộc)", "Green OCOP value chain (optional)";
    green_region_hint: "Ghi vùng nguyên liệu ổn định mà chuỗi gắn với; để trống nếu sản phẩm không thuộc chuỗi nào.", "Name the stable raw-material region the chain is tied to; leave empty if the product is in no chain.";
    brand_supported_label: "Thương hiệu được tỉnh hỗ trợ xây dựng", "Brand built with the province's support";
    trademark_label: "Đã đăng ký nhãn hiệu", "Trademark registered";
    tourism_label: "Sản phẩm hoặc điểm du lịch cộng đồng", "Community-tourism product or site";
    listings_label: "Gian hàng trên sàn thương mại điện tử (không bắt buộc)", "Online marketplace listings (optional)";
    listings_hint: "Mỗi dòng một địa chỉ bắt đầu bằng https://, tối đa 20 dòng.", "One address per line, starting with https://, at most 20.";
    product_button: "Đăng ký sản phẩm", "Register the product";
    products_by_subject: "Sản phẩm theo chủ thể", "Products by producer";
    product_one: "{} sản phẩm", "{} product";
    product_many: "{} sản phẩm", "{} products";
    no_certificate_yet: "Chưa có giấy chứng nhận OCOP", "No OCOP certificate yet";
    product_saved: "Đã đăng ký sản phẩm. Bây giờ có thể cấp giấy chứng nhận OCOP cho sản phẩm ở bên dưới.", "The product is registered. You can now grant its OCOP certificate below.";
    err_product_subject: "Hãy chọn chủ thể của sản phẩm.", "Choose the product's producer.";
    err_product_name: "Hãy nhập tên sản phẩm (tối đa 200 ký tự).", "Enter the product's name (up to 200 characters).";
    err_group: "Hãy chọn một trong sáu nhóm sản phẩm OCOP.", "Choose one of the six OCOP product groups.";
    err_subgroup: "Phân nhóm này không thuộc nhóm đã chọn. Hãy chọn phân nhóm có số đầu trùng với số của nhóm, hoặc bỏ trống.", "This sub-group is not in the chosen group. Choose one whose first number is the group's, or leave it empty.";
    err_gtin_digits: "Mã GTIN chỉ gồm chữ số. Hãy bỏ chữ cái và ký hiệu khác.", "A GTIN has digits only. Remove letters and other marks.";
    err_gtin_length: "Mã GTIN có 8, 12, 13 hoặc 14 chữ số, nhưng bạn đã nhập {} chữ số. Hãy đếm lại theo mã vạch trên bao bì.", "A GTIN has 8, 12, 13 or 14 digits, but you typed {}. Count them again on the barcode.";
    err_gtin_check: "Chữ số cuối của mã GTIN là số kiểm tra, được tính từ các chữ số đứng trước. Với {} chữ số đầu bạn đã nhập, chữ số cuối phải là {}, không phải {}. Hãy đối chiếu lại từng chữ số với mã vạch: có thể đã gõ nhầm một số.", "The last digit of a GTIN is a check digit worked out from the digits before it. For the first {} digits you typed, the last digit should be {}, not {}. Compare each digit with the barcode: one may be mistyped.";
    err_gtin_taken: "Mã GTIN này đã được đăng ký cho một sản phẩm khác.", "This GTIN is already registered to another product.";
    err_listings: "Mỗi dòng phải là một địa chỉ bắt đầu bằng https:// hoặc http://, không có dấu cách, tối đa 20 dòng.", "Each line must be one address starting with https:// or http://, without spaces; at most 20 lines.";
    cert_current: "Giấy chứng nhận đang áp dụng", "Certificate in force";
    cert_summary: "Quyết định {} ngày {} của {} ({}), hiệu lực đến {}", "Decision {} of {} by {} ({}), valid until {}";
    grant_title: "Cấp giấy chứng nhận OCOP", "Grant an OCOP certificate";
    grant_intro: "Nhập theo quyết định công nhận. Hệ thống kiểm tra cấp nào được công nhận bao nhiêu sao theo ngày quyết định.", "Type it from the recognition decision. The system checks which level may award how many stars on the decision date.";
    grant_button: "Cấp giấy chứng nhận", "Grant the certificate";
    cert_granted: "Đã cấp giấy chứng nhận. Từ nay chủ thể có thể tạo lô hàng và in tem cho sản phẩm này.", "The certificate is granted. The producer can now issue batches and labels for this product.";
    decision_no_label: "Số quyết định", "Decision number";
    decision_no_hint: "Ghi đúng như trên quyết định, ví dụ 1306/QĐ-UBND.", "As written on the decision, e.g. 1306/QĐ-UBND.";
    decision_date_label: "Ngày quyết định", "Decision date";
    issuing_body_label: "Cơ quan ban hành", "Issuing body";
    issuing_body_hint: "Ví dụ UBND tỉnh Vĩnh Long.", "For example UBND tỉnh Vĩnh Long.";
    level_label: "Cấp công nhận", "Level of the council";
    level_district_option: "Cấp huyện (đến 05/07/2025)", "District (until 5 Jul 2025)";
    level_province_option: "Cấp tỉnh", "Province";
    level_central_option: "Cấp trung ương", "Central";
    level_district: "cấp huyện", "district";
    level_province: "cấp tỉnh", "province";
    level_central: "cấp trung ương", "central";
    or_word: " hoặc ", " or ";
    star_label: "Hạng sao", "Star rating";
    star_choose: "Chọn hạng sao", "Choose the rating";
    score_label: "Điểm đánh giá (không bắt buộc)", "Score (optional)";
    score_hint: "3 sao: 50–69 điểm; 4 sao: 70–89; 5 sao: 90–100.", "3 stars: 50–69 points; 4 stars: 70–89; 5 stars: 90–100.";
    potential_label: "Sản phẩm 4 sao tiềm năng 5 sao", "4-star product with 5-star potential";
    valid_until_label: "Hiệu lực đến (không bắt buộc)", "Valid until (optional)";
    valid_until_hint: "Để trống thì tính 36 tháng kể từ ngày quyết định.", "Leave empty for 36 months from the decision date.";
    err_star: "Hãy chọn 3, 4 hoặc 5 sao: chỉ ba hạng này được cấp giấy chứng nhận OCOP.", "Choose 3, 4 or 5 stars: only these ratings are certified.";
    err_level: "Hãy chọn cấp công nhận.", "Choose the level of the council.";
    err_potential: "Chỉ sản phẩm 4 sao mới được ghi là tiềm năng 5 sao.", "Only a 4-star product can be marked as having 5-star potential.";
    err_score_number: "Điểm là một số từ 0 đến 100, hoặc để trống.", "The score is a number from 0 to 100, or leave it empty.";
    err_score_band: "Sản phẩm {} sao phải có điểm từ {} đến {}. Hãy xem lại điểm hoặc hạng sao.", "A {}-star product needs a score from {} to {}. Check the score or the rating.";
    err_competence: "Với quyết định ngày {}, {} không có thẩm quyền công nhận {} sao.", "For a decision dated {}, the {} level may not award {} stars.";
    err_competence_who: "Chỉ {} mới được công nhận hạng này (Quyết định 148/QĐ-TTg, sửa đổi bởi 1489/QĐ-TTg). Hãy xem lại cấp công nhận, hạng sao hoặc ngày quyết định.", "Only the {} level may (Decision 148/QĐ-TTg as amended by 1489/QĐ-TTg). Check the level, the rating or the decision date.";
    err_competence_nobody: "Vào ngày này không cấp nào được công nhận hạng này. Hãy xem lại ngày quyết định.", "No level could award this rating on that day. Check the decision date.";
    err_decision_future: "Ngày quyết định chưa đến. Hãy nhập ngày đã ký quyết định.", "The decision date is in the future. Enter the day the decision was signed.";
    err_decision_predates: "Quyết định mới không thể sớm hơn quyết định đang áp dụng (ngày {}).", "The new decision cannot be earlier than the one in force (of {}).";
    err_valid_until: "Ngày hết hiệu lực phải sau ngày quyết định.", "The end of validity must be after the decision date.";
    err_decision_no: "Hãy nhập số quyết định (tối đa 60 ký tự).", "Enter the decision number (up to 60 characters).";
    err_issuing_body: "Hãy nhập cơ quan ban hành (tối đa 200 ký tự).", "Enter the issuing body (up to 200 characters).";
    err_cert_exists: "Sản phẩm đã có giấy chứng nhận đang áp dụng. Hãy dùng mục gia hạn, nâng hoặc hạ hạng.", "The product already holds a certificate. Use renew, upgrade or downgrade instead.";
    supersede_link: "Gia hạn, nâng hoặc hạ hạng (quyết định mới)", "Renew, upgrade or downgrade (new decision)";
    supersede_title: "Quyết định mới cho {}", "New decision for {}";
    supersede_intro: "Giấy chứng nhận hiện tại sẽ được thay bằng quyết định mới từ ngày quyết định. Bạn sẽ được xem lại trước khi lưu.", "The current certificate is replaced by the new decision from its date. You will review it before it is saved.";
    supersede_check: "Kiểm tra và xem lại", "Check and review";
    supersede_new: "Giấy chứng nhận mới", "New certificate";
    supersede_warning: "Sau khi xác nhận, giấy chứng nhận hiện tại không còn áp dụng từ ngày của quyết định mới, và tem in sau đó mang hạng sao mới.", "Once confirmed, the current certificate stops applying from the new decision's date, and labels issued afterwards carry the new rating.";
    supersede_confirm: "Xác nhận thay giấy chứng nhận", "Confirm the new certificate";
    supersede_edit: "Sửa lại", "Change something";
    cert_superseded_done: "Đã lưu quyết định mới; giấy chứng nhận cũ đã được thay thế.", "The new decision is saved; the old certificate is superseded.";
    back_to_product: "Về trang sản phẩm", "Back to the product";
    revoke_link: "Thu hồi giấy chứng nhận", "Revoke the certificate";
    revoke_title: "Thu hồi giấy chứng nhận của {}", "Revoke the certificate of {}";
    revoke_warning: "Sau khi thu hồi, mọi tem của sản phẩm này sẽ báo cho người mua là giấy chứng nhận đã bị thu hồi, và chủ thể không in được tem mới. Không thể hoàn tác; muốn công nhận lại phải cấp giấy mới.", "Once revoked, every label of this product tells shoppers the certificate was revoked, and the producer cannot issue new labels. This cannot be undone; recognising it again needs a new certificate.";
    revoke_reason_label: "Lý do thu hồi (người mua sẽ đọc được)", "Reason for revoking (shoppers will read it)";
    revoke_confirm: "Xác nhận thu hồi", "Confirm the revocation";
    revoke_cancel: "Không thu hồi, quay lại", "Do not revoke; go back";
    cert_revoked_line: "Thu hồi ngày {}: {}", "Revoked on {}: {}";
    cert_revoked_done: "Đã thu hồi giấy chứng nhận.", "The certificate is revoked.";
    err_revoke_reason: "Hãy ghi lý do thu hồi (tối đa 500 ký tự).", "Write the reason for revoking (up to 500 characters).";
    err_already_revoked: "Giấy chứng nhận này đã bị thu hồi trước đó.", "This certificate was already revoked.";
    role_link: "Đổi vai trò", "Change role";
    role_title: "Đổi vai trò của {}", "Change the role of {}";
    role_now: "Tên đăng nhập {} · vai trò hiện tại: {}", "Sign-in name {} · current role: {}";
    role_hint: "Người này sẽ bị đăng xuất ở mọi thiết bị và đăng nhập lại với quyền mới. Việc đổi vai trò được ghi vào nhật ký, kèm tên tài khoản của bạn.", "The person is signed out everywhere and signs in again with the new rights. The change is logged with your account.";
    role_button: "Đổi vai trò", "Change the role";
    role_heading: "Đã đổi vai trò", "Role changed";
    role_changed: "Từ nay {} có vai trò: {}.", "{} now has the role: {}.";
    err_role_change: "Không thể đổi sang vai trò này. Tài khoản của cơ sở chỉ đổi giữa quản lý và nhân viên của cùng cơ sở; tài khoản của cán bộ giữ vai trò cán bộ.", "This role cannot be given. A producer's account only moves between manager and staff of the same producer; an office account stays an office account.";
    expiring_title: "Giấy chứng nhận sắp hết hạn", "Certificates ending soon";
    expiring_intro: "Giấy chứng nhận hết hạn trong 30 ngày tới, rồi đến những giấy đã hết hạn trong 90 ngày qua mà chưa có quyết định mới. Mở sản phẩm để gia hạn.", "Certificates ending within 30 days, then those that ended in the last 90 days with no new decision. Open a product to renew.";
    expiring_older: "Xem {} giấy chứng nhận đã hết hạn hơn 90 ngày", "See {} certificates that ended more than 90 days ago";
    expiring_older_title: "Giấy chứng nhận đã hết hạn hơn 90 ngày", "Certificates ended more than 90 days ago";
    expiring_older_intro: "Những sản phẩm này đã hết hạn công nhận OCOP từ lâu mà chưa có quyết định mới. Mở sản phẩm để gia hạn.", "These products' OCOP ratings ended long ago with no new decision. Open a product to renew it.";
    expiring_none: "Không có giấy chứng nhận nào sắp hết hạn.", "No certificate is ending soon.";
    expiring_note: "{} sắp hết hạn · {} đã hết hạn", "{} ending soon · {} ended";
    expiring_line: "{} · quyết định {} · hết hạn {}", "{} · decision {} · ends {}";
    days_left: "còn {}", "{} left";
    expired_ago: "đã hết hạn {} trước", "ended {} ago";
    reports_title: "Tin báo hàng giả", "Reports of fakes";
    reports_note: "{} tin chưa xử lý", "{} not handled";
    reports_summary: "{}, trong đó {} chưa xử lý. Tin mới nhất ở trên.", "{}, {} of them not handled. Newest first.";
    reports_none: "Chưa có tin báo nào.", "No reports yet.";
    report_one: "{} tin báo", "{} report";
    report_many: "{} tin báo", "{} reports";
    report_where: "Nơi mua: {}", "Bought at: {}";
    report_verdict: "Kết quả kiểm tra lúc báo: {}", "Check result when reported: {}";
    report_label_link: "Mở tem người mua đã quét", "Open the label the shopper scanned";
    report_batch_link: "Xem lô hàng", "See the batch";
    report_by: "Ghi bởi {} lúc {}", "Written by {} at {}";
    report_handled: "Đã xử lý", "Handled";
    report_open: "Chưa xử lý", "Not handled";
    report_note_label: "Ghi chú của văn phòng", "Office note";
    report_handled_label: "Đã xử lý xong", "Handled";
    report_save: "Lưu", "Save";
    report_saved: "Đã lưu.", "Saved.";
    err_note: "Ghi chú tối đa 1.000 ký tự.", "A note has at most 1,000 characters.";
    clones_title: "Tem nghi bị sao chép", "Labels that look copied";
    clones_intro: "Tem được quét từ nhiều nơi hơn một sản phẩm có thể đi qua, trong nhiều ngày. Có thể tem thật đã bị in sao lên hàng khác; nên liên hệ chủ thể và kiểm tra nơi bán.", "Labels scanned from more places than one product could be, over several days. A real label may have been copied onto other goods; contact the producer and check the shops.";
    clones_none: "Hiện không có tem nào bị nghi sao chép.", "No label looks copied at the moment.";
    clone_head: "Lô {} — {}", "Lot {} — {}";
    clone_unit: "Tem số {}: quét từ {} nơi, {} lượt, lần cuối {}", "Label {}: scanned from {} places, {} times, last at {}";
    label_one: "{} tem", "{} label";
    label_many: "{} tem", "{} labels";
    log_title: "Khóa ký số và nhật ký phát hành", "Signing keys and issuance log";
    log_note: "Kiểm tra nhật ký còn nguyên vẹn.", "Check that the log is intact.";
    checkpoint_title: "Điểm kiểm tra mới nhất của nhật ký", "Latest log checkpoint";
    checkpoint_intro: "Mọi lần đăng ký, cấp giấy và phát hành lô đều được ghi nối tiếp vào nhật ký công khai. Điểm kiểm tra có chữ ký số cam kết số mục và gốc cây Merkle của nhật ký.", "Every registration, grant and batch is appended to the public log. The signed checkpoint commits to the number of entries and the log's Merkle tree root.";
    checkpoint_size: "Số mục", "Entries";
    checkpoint_root: "Gốc cây", "Tree root";
    checkpoint_note: "Điểm kiểm tra đã ký", "The signed checkpoint";
    verify_button: "Kiểm tra ngay", "Verify now";
    verify_again: "Kiểm tra lại", "Verify again";
    keys_title: "Khóa ký số", "Signing keys";
    keys_intro: "Khóa đang dùng ký tem và nhật ký; khóa đã ngừng vẫn xác minh được tem cũ; khóa đã hủy làm tem nó ký bị báo là không tin cậy.", "The active key signs labels and the log; a retired key still verifies older labels; labels signed by a revoked key are reported as untrustworthy.";
    keys_none: "Chưa có khóa ký số nào.", "There is no signing key.";
    key_head: "Mã khóa {}", "Key {}";
    key_active: "đang dùng", "active";
    key_retired: "đã ngừng dùng", "retired";
    key_revoked: "đã hủy", "revoked";
    key_created: "Tạo ngày {}", "Created {}";
    key_ended: "Ngừng từ ngày {}", "Ended {}";
    entry_one: "{} mục", "{} entry";
    entry_many: "{} mục", "{} entries";
    verify_title: "Kết quả kiểm tra nhật ký", "Log check";
    verify_intact: "Nhật ký còn nguyên vẹn: không mục nào bị sửa, và gốc cây tính lại khớp với điểm kiểm tra đã ký.", "The log is intact: no entry was changed, and the recomputed tree root matches the signed checkpoint.";
    verify_broken: "Nhật ký không còn nguyên vẹn. Hãy báo ngay cho quản trị hệ thống và giữ nguyên dữ liệu.", "The log is not intact. Tell the system administrator at once and leave the data as it is.";
    verify_read: "Đã đọc lại {} của nhật ký và tính lại cây Merkle từ đầu.", "Read {} of the log again and rebuilt the Merkle tree from the start.";
    verify_signed: "Chữ ký của điểm kiểm tra hợp lệ (khóa {}).", "The checkpoint's signature is valid (key {}).";
    verify_unsigned: "Chữ ký của điểm kiểm tra không khớp với khóa nào của tỉnh.", "The checkpoint's signature matches none of the province's keys.";
    verify_entries_ok: "Mọi mục vẫn khớp với mã băm ghi lúc thêm vào.", "Every entry still matches the hash recorded when it was appended.";
    verify_entries_bad: "Các mục số {} không còn khớp với mã băm ghi lúc thêm vào: đã bị sửa.", "Entries {} no longer match the hash recorded when they were appended: they were changed.";
    verify_root_ok: "Gốc cây tính lại: {} — khớp với điểm kiểm tra.", "Recomputed root: {} — matches the checkpoint.";
    verify_root_bad: "Gốc cây tính lại {} khác với gốc trong điểm kiểm tra {}.", "The recomputed root {} differs from the checkpoint's {}.";

    // ---- section: inspector (branch inspector) ----
    // entries of this section go right below this line
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

    // ---- section: producer (branch producer) ----
    // entries of this section go right below this line
    scans_title: "Lượt quét", "Scans";
    scans_month: "Tháng {}: {} được người mua quét.", "In {}: {} scanned by shoppers.";
    scans_total: "Từ trước đến nay: {}.", "Since they were issued: {}.";
    attention_title: "Cần chú ý", "Needs your attention";
    attention_none: "Không có gì cần chú ý.", "Nothing needs your attention.";
    attention_clone: "Lô {}: {} bị quét ở nhiều nơi cách xa nhau — có thể tem đã bị sao chép. Hãy báo cơ quan OCOP của tỉnh.", "Lot {}: {} scanned in many distant places — the labels may have been copied. Tell the province's OCOP office.";
    attention_report: "Người mua báo nghi hàng giả (lô {}, ngày {}): “{}”", "A shopper suspects a fake (lot {}, on {}): “{}”";
    attention_report_place: "Nơi mua: {}", "Bought at: {}";
    attention_reports_more: "Và {} khác trong 30 ngày qua.", "And {} more in the last 30 days.";
    attention_recall: "Lô {} đã bị thu hồi ngày {}.", "Lot {} was recalled on {}.";
    attention_cert: "{}: {}", "{}: {}";
    timeline_title: "Hành trình của lô hàng", "The batch's journey";
    timeline_none: "Chưa ghi bước nào. Ghi lại thu hoạch, đóng gói, vận chuyển để người mua và cán bộ kiểm tra thấy hành trình của lô.", "No steps recorded yet. Record harvest, packing and shipping so that shoppers and inspectors see the batch's journey.";
    event_harvest: "Thu hoạch nguyên liệu", "Harvest";
    event_commissioning: "Sản xuất", "Production";
    event_transformation: "Chế biến", "Processing";
    event_packing: "Đóng gói", "Packing";
    event_shipping: "Xuất hàng, vận chuyển", "Shipping";
    event_receiving: "Nhận hàng", "Receiving";
    event_inspection: "Kiểm tra của cơ quan chức năng", "Official inspection";
    event_recorded: "Đã ghi bước “{}”.", "Recorded: {}.";
    event_add_title: "Ghi thêm một bước", "Record a step";
    event_kind_label: "Bước", "Step";
    event_kind_choose: "Chọn bước", "Choose the step";
    event_date_label: "Ngày", "Date";
    event_time_label: "Giờ (giờ:phút)", "Time (hours:minutes)";
    event_place_label: "Tên nơi (vườn, xưởng, kho, cửa hàng)", "Place (farm, workshop, warehouse, shop)";
    event_commune_label: "Xã, phường (không bắt buộc)", "Commune (optional)";
    event_note_label: "Ghi chú (không bắt buộc)", "Note (optional)";
    event_save: "Ghi bước này", "Record this step";
    err_event_kind: "Hãy chọn bước.", "Choose the step.";
    err_event_time: "Hãy nhập giờ theo dạng giờ:phút, ví dụ 07:30.", "Enter the time as hours:minutes, for example 07:30.";
    err_event_future: "Thời điểm này chưa tới. Hãy ghi những việc đã xảy ra.", "This moment has not come yet. Record what has already happened.";
    err_event_text: "Tối đa 200 ký tự.", "Up to 200 characters.";
    err_event_note: "Ghi chú tối đa 2.000 ký tự.", "A note has up to 2,000 characters.";
    print_choose: "Chọn dải số thứ tự và kiểu in. Xem trước tem đầu tiên trước khi tải về.", "Choose the serial numbers and how to print them. Preview the first label before you download.";
    layout_legend: "Kiểu in", "How to print";
    layout_sheet: "Tờ A4 (PDF) — máy in văn phòng", "A4 sheets (PDF) — office printer";
    layout_png: "Một tem, ảnh PNG — máy in tem nhiệt", "One label as a PNG image — label printer";
    layout_svg: "Một tem, SVG — phần mềm thiết kế", "One label as SVG — design software";
    layout_csv: "Danh sách CSV — máy in phun trên dây chuyền", "A CSV list — inkjet line";
    layout_single_hint: "Ảnh PNG và SVG là một tem: tem mang số “Từ số”.", "PNG and SVG hold one label: the one numbered “From serial”.";
    layout_csv_hint: "Mỗi dòng: số thứ tự, đường dẫn của mã QR{}.", "One row per label: serial, QR code link{}.";
    layout_csv_pin: ", mã PIN", ", PIN";
    columns_label: "Số cột trên tờ", "Columns per sheet";
    rows_label: "Số hàng trên tờ", "Rows per sheet";
    width_label: "Chiều rộng tem (mm)", "Label width (mm)";
    height_label: "Chiều cao tem (mm)", "Label height (mm)";
    preview_button: "Xem trước tem đầu tiên", "Preview the first label";
    preview_title: "Xem trước: tem số {}", "Preview: label {}";
    preview_alt: "Tem số {} của lô {}, như khi in", "Label {} of lot {}, as it will print";
    preview_note: "Xem trước không tính là một lần in và không ghi vào lịch sử in. Mã PIN được che.", "A preview is not a print run and is not recorded in the print history. The PIN is hidden.";
    download_button: "Tải về để in", "Download to print";
    err_grid: "Số cột từ 1 đến 20, số hàng từ 1 đến 40.", "Columns from 1 to 20, rows from 1 to 40.";
    err_grid_small: "Ô tem quá nhỏ để mã QR đọc được. Hãy bớt số cột hoặc số hàng.", "The cells are too small for a readable QR code. Use fewer columns or rows.";
    err_size: "Kích thước tem từ 10 đến 300 mm.", "A label is 10 to 300 mm on each side.";
    err_size_small: "Tem quá nhỏ để mã QR đọc được. Hãy chọn tem lớn hơn (ít nhất {} × {} mm).", "The label is too small for a readable QR code. Choose a larger one (at least {} × {} mm).";
    err_size_small_plain: "Tem quá nhỏ để mã QR đọc được. Hãy chọn tem lớn hơn.", "The label is too small for a readable QR code. Choose a larger one.";

    // ---- section: sessions (branch sessions) ----
    // entries of this section go right below this line
    totp_title: "Xác thực hai bước", "Two-step verification";
    totp_intro: "Ngoài mật khẩu, mỗi lần đăng nhập sẽ cần thêm mã 6 số từ ứng dụng xác thực trên điện thoại (Google Authenticator, Microsoft Authenticator hoặc ứng dụng tương tự).", "Besides the password, every sign-in will need a 6-digit code from an authenticator app on your phone (Google Authenticator, Microsoft Authenticator or similar).";
    totp_required: "Tài khoản của bạn phải bật xác thực hai bước trước khi dùng trang quản lý.", "Your account must turn on two-step verification before you can use the console.";
    totp_step_scan: "Mở ứng dụng xác thực, chọn thêm tài khoản và quét mã QR này.", "Open the authenticator app, add an account and scan this QR code.";
    totp_qr_label: "Mã QR để thêm tài khoản vào ứng dụng xác thực", "QR code that adds the account to an authenticator app";
    totp_step_key: "Nếu không quét được, chọn nhập khóa thủ công và gõ khóa này:", "If you cannot scan it, choose to enter a key by hand and type this key:";
    totp_step_link: "Trên chính điện thoại này, bạn cũng có thể mở đường dẫn sau:", "On this same phone you can also open this link:";
    totp_step_confirm: "Nhập mã 6 số ứng dụng đang hiện để xác nhận.", "Enter the 6-digit code the app shows now to confirm.";
    totp_code_label: "Mã 6 số", "6-digit code";
    totp_confirm_button: "Bật xác thực hai bước", "Turn on two-step verification";
    totp_on: "Xác thực hai bước đang bật từ ngày {}.", "Two-step verification has been on since {}.";
    totp_on_done: "Đã bật xác thực hai bước. Từ lần đăng nhập sau, bạn cần mã 6 số từ ứng dụng.", "Two-step verification is on. From your next sign-in you will need the 6-digit code from the app.";
    totp_wrong: "Mã chưa đúng hoặc đã được dùng. Hãy nhập mã ứng dụng đang hiện (mã đổi sau mỗi 30 giây).", "The code is not right or was already used. Enter the code the app shows now (it changes every 30 seconds).";
    totp_remove_hint: "Muốn tắt, hãy nhập mã 6 số hiện tại.", "To turn it off, enter the current 6-digit code.";
    totp_remove_button: "Tắt xác thực hai bước", "Turn off two-step verification";
    totp_removed: "Đã tắt xác thực hai bước.", "Two-step verification is off.";
    totp_kept: "Xác thực hai bước là bắt buộc với tài khoản của bạn nên không thể tắt.", "Two-step verification is required for your account, so it cannot be turned off.";
    totp_lost: "Mất điện thoại? Hãy nhờ quản trị viên đặt lại tài khoản: xác thực hai bước được tắt, bạn đặt mật khẩu mới rồi bật lại.", "Lost your phone? Ask an administrator to reset your account: two-step verification is turned off, you set a new password and turn it on again.";
    code_title: "Nhập mã xác thực", "Enter the verification code";
    code_intro: "Mở ứng dụng xác thực trên điện thoại và nhập mã 6 số của tài khoản này.", "Open the authenticator app on your phone and enter this account's 6-digit code.";
    code_failed: "Mật khẩu hoặc mã xác thực chưa đúng. Hãy nhập lại mã đang hiện; nếu vẫn không được, đăng nhập lại từ đầu.", "The password or the code is not right. Enter the code shown now; if that fails too, sign in again from the start.";
    code_expired: "Lượt đăng nhập này đã hết hạn. Hãy nhập lại tên đăng nhập và mật khẩu.", "This sign-in has expired. Enter your name and password again.";
    code_restart: "Đăng nhập lại từ đầu", "Start the sign-in again";

    // ---- section: content (branch content) ----
    // entries of this section go right below this line
    // The passport on public pages (templates/passport_content.html).
    pp_title: "Thông tin sản phẩm", "About this product";
    pp_photo_alt: "Ảnh sản phẩm {} ({}/{})", "Photo of {} ({} of {})";
    pp_photos_more: "Ảnh khác của sản phẩm", "More photos of the product";
    pp_story: "Câu chuyện sản phẩm", "The product's story";
    pp_ingredients: "Thành phần", "Ingredients";
    pp_usage: "Cách dùng", "How to use";
    pp_storage: "Bảo quản", "How to store";
    pp_net_quantity: "Định lượng", "Net quantity";
    pp_warnings: "Cảnh báo", "Warnings";
    pp_documents: "Giấy tờ đã được cán bộ kiểm tra xác nhận", "Documents confirmed by an inspector";
    pp_doc_line: "Số {}, do {} cấp", "No. {}, issued by {}";
    pp_doc_valid_until: "Hiệu lực đến {}", "Valid until {}";
    pp_doc_open: "Xem giấy tờ", "View the document";
    pp_kind_food_safety: "Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm", "Food-safety certificate of the premises";
    pp_kind_declaration: "Bản công bố sản phẩm, công bố hợp quy", "Declaration of conformity";
    pp_kind_test_report: "Phiếu kết quả kiểm nghiệm", "Test report";

    // The console's passport pages.
    cc_home_link: "Thông tin và ảnh sản phẩm cho người mua", "Product details and photos for shoppers";
    cc_list_title: "Thông tin sản phẩm cho người mua", "Product details for shoppers";
    cc_list_intro: "Chọn sản phẩm để thêm ảnh, câu chuyện, thành phần, cách dùng và giấy tờ công bố.", "Choose a product to add photos, its story, ingredients, how to use it and its conformity documents.";
    cc_list_missing: "Còn thiếu {} thông tin bắt buộc", "{} required details missing";
    cc_list_missing_one: "Còn thiếu 1 thông tin bắt buộc", "1 required detail missing";
    cc_list_complete: "Đủ thông tin bắt buộc", "Every required detail is filled in";
    cc_title: "Thông tin sản phẩm: {}", "Product details: {}";
    cc_intro: "Những gì bạn điền ở đây hiện trên trang sản phẩm khi người mua quét tem. Các lô cấp sau khi lưu sẽ ghi dấu nội dung này trong hồ sơ có chữ ký số.", "What you enter here shows on the product's page when a shopper scans a label. Batches issued after you save record this content in their signed record.";
    cc_missing_title: "Nhãn của nhóm sản phẩm này còn thiếu", "Still missing for this product group's label";
    cc_missing_none: "Đã đủ các thông tin bắt buộc của nhóm sản phẩm này.", "Every detail this product group requires is filled in.";
    cc_text_title: "Nội dung", "Details";
    cc_story_hint: "Vài câu về nguồn gốc, cách làm và người làm ra sản phẩm (tối đa 2000 ký tự).", "A few sentences about where the product comes from, how and by whom it is made (up to 2000 characters).";
    cc_net_quantity_hint: "Ví dụ: 500 g, 750 ml, 10 gói × 20 g", "For example: 500 g, 750 ml, 10 sachets × 20 g";
    cc_save: "Lưu thông tin", "Save the details";
    cc_saved: "Đã lưu thông tin sản phẩm.", "The product details are saved.";
    cc_photos: "Ảnh sản phẩm", "Product photos";
    cc_photos_guidance: "Tối đa 6 ảnh JPEG, PNG hoặc WebP, mỗi ảnh không quá 5 MB. Chụp rõ nét, đủ sáng, trên nền gọn; ảnh đầu tiên hiện lớn nhất. Khi lưu, vị trí chụp và thông tin máy ảnh trong tệp được xoá.", "Up to 6 JPEG, PNG or WebP photos, each at most 5 MB. Take them sharp, in good light, on a plain background; the first photo shows largest. When a photo is saved, the place it was taken and the camera details in the file are removed.";
    cc_photo_count: "Đã có {} trên 6 ảnh.", "{} of 6 photos.";
    cc_photo_file: "Chọn ảnh từ máy", "Choose a photo";
    cc_photo_upload: "Tải ảnh lên", "Upload the photo";
    cc_photo_remove: "Xoá ảnh này", "Remove this photo";
    cc_photo_full: "Đã đủ 6 ảnh. Xoá một ảnh nếu muốn thêm ảnh khác.", "The product has 6 photos. Remove one to add another.";
    cc_photo_added: "Đã thêm ảnh.", "The photo is added.";
    cc_photo_removed: "Đã xoá ảnh.", "The photo is removed.";
    cc_docs: "Giấy tờ công bố, chứng nhận", "Conformity documents";
    cc_docs_guidance: "Giấy chứng nhận an toàn thực phẩm, bản công bố hợp quy hoặc phiếu kiểm nghiệm: tệp PDF hoặc ảnh chụp, tối đa 5 MB. Giấy tờ chỉ hiện với người mua sau khi cán bộ kiểm tra xác nhận.", "A food-safety certificate, a declaration of conformity or a test report: a PDF or a photo, at most 5 MB. A document shows to shoppers only after an inspector confirms it.";
    cc_doc_kind: "Loại giấy tờ", "Kind of document";
    cc_doc_number: "Số giấy tờ", "Document number";
    cc_doc_issuer: "Cơ quan cấp", "Issued by";
    cc_doc_issued_on: "Ngày cấp (không bắt buộc)", "Issue date (optional)";
    cc_doc_valid_until: "Hiệu lực đến (không bắt buộc)", "Valid until (optional)";
    cc_doc_file: "Tệp giấy tờ (PDF hoặc ảnh)", "Document file (PDF or image)";
    cc_doc_add: "Gửi giấy tờ", "Send the document";
    cc_doc_added: "Đã gửi giấy tờ. Giấy tờ sẽ hiện với người mua sau khi cán bộ kiểm tra xác nhận.", "The document is sent. It shows to shoppers once an inspector confirms it.";
    cc_doc_pending: "Chờ cán bộ xác nhận", "Waiting for an inspector";
    cc_doc_confirmed: "Đã xác nhận ngày {}", "Confirmed on {}";
    cc_no_docs: "Chưa có giấy tờ nào.", "No documents yet.";
    cc_err_title: "Chưa lưu được", "Not saved";
    cc_err_not_image: "Tệp này không phải ảnh JPEG, PNG hoặc WebP, hoặc ảnh đã bị hỏng. Hãy chọn ảnh khác.", "This file is not a JPEG, PNG or WebP image, or the image is damaged. Choose another photo.";
    cc_err_too_big: "Tệp lớn hơn 5 MB. Hãy chọn tệp nhỏ hơn, hoặc giảm kích thước ảnh trên điện thoại rồi tải lại.", "The file is larger than 5 MB. Choose a smaller file, or reduce the photo's size on your phone and upload it again.";
    cc_err_pixels: "Ảnh quá lớn (hơn 10.000 điểm ảnh mỗi chiều). Hãy giảm kích thước ảnh rồi tải lại.", "The image is too large (over 10,000 pixels a side). Reduce its size and upload it again.";
    cc_err_too_often: "Bạn đã tải lên nhiều tệp liên tiếp. Hãy chờ khoảng mười lăm phút rồi thử lại.", "You have uploaded many files in a row. Wait about fifteen minutes, then try again.";
    cc_err_too_many: "Sản phẩm đã có 6 ảnh. Hãy xoá một ảnh trước khi thêm ảnh mới.", "The product already has 6 photos. Remove one before adding another.";
    cc_err_duplicate: "Ảnh này đã có trong sản phẩm.", "This photo is already on the product.";
    cc_err_no_file: "Bạn chưa chọn tệp nào.", "No file was chosen.";
    cc_err_text: "Có ô quá dài hoặc chứa ký tự không hợp lệ. Hãy rút gọn rồi lưu lại.", "A field is too long or holds characters that are not allowed. Shorten it and save again.";
    cc_err_doc_file: "Giấy tờ phải là tệp PDF hoặc ảnh JPEG, PNG, WebP.", "A document must be a PDF file or a JPEG, PNG or WebP image.";
    cc_err_doc_fields: "Hãy chọn loại giấy tờ và điền số giấy tờ, cơ quan cấp.", "Choose the kind of document and fill in its number and who issued it.";
    cc_err_doc_dates: "Ngày hết hiệu lực không được trước ngày cấp, và ngày phải viết đủ.", "The valid-until date cannot be before the issue date, and dates must be complete.";
    cd_title: "Giấy tờ chờ xác nhận", "Documents waiting for confirmation";
    cd_intro: "Đối chiếu tệp với bản gốc trước khi xác nhận. Sau khi xác nhận, giấy tờ hiện trên trang sản phẩm cho người mua.", "Check each file against the original before you confirm it. Once confirmed, the document shows on the product's page for shoppers.";
    cd_none: "Không có giấy tờ nào chờ xác nhận.", "No documents are waiting.";
    cd_product: "Sản phẩm: {}", "Product: {}";
    cd_sent_on: "Gửi ngày {}", "Sent on {}";
    cd_confirm: "Xác nhận giấy tờ này", "Confirm this document";
    cd_done: "Đã xác nhận giấy tờ.", "The document is confirmed.";

    // ---- section: public (branch public) ----
    // entries of this section go right below this line
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
    report_phone: "Số điện thoại để văn phòng gọi lại (không bắt buộc)", "Your phone number, if you want the office to call you back (optional)";
    report_reference: "Mã phản ánh của bạn là {}. Hãy đọc mã này khi gọi cho văn phòng OCOP tỉnh.", "Your report number is {}. Give this number when you call the provincial OCOP office.";
    report_bad_phone: "Số điện thoại chưa đúng: hãy nhập từ 8 đến 15 chữ số, hoặc để trống. Phản ánh chưa được gửi.", "That phone number does not look right: enter 8 to 15 digits, or leave it empty. The report was not sent.";
    report_back: "Quay lại để sửa", "Go back and correct it";
    dash_other_areas: "Các xã, phường khác", "Other communes and wards";
    dash_by_area: "Sản phẩm theo xã, phường (đơn vị hành chính hiện nay)", "Products by commune or ward (today's units)";
    meta_description: "Kiểm tra tem truy xuất sản phẩm OCOP của tỉnh: hàng thật hay giả, hạng sao, giấy chứng nhận và lô hàng bị thu hồi.", "Check the province's OCOP trace labels: real or fake, star rating, certificate and recalled batches.";
    resolver_batch_of: "Lô {} của sản phẩm", "Lot {} of this product";
    resolver_recalled_head: "Lô hàng đã bị thu hồi ngày {} — không sử dụng sản phẩm", "This batch was recalled on {} — do not use the product";
}

/// The sentence for each certificate status.
pub fn cert_status(t: &Catalogue, s: CertStatus) -> &'static str {
    match s {
        CertStatus::Active => t.cert_active,
        CertStatus::Expiring => t.cert_expiring,
        CertStatus::Expired => t.cert_expired,
        CertStatus::Revoked => t.cert_revoked,
        CertStatus::Superseded => t.cert_superseded,
    }
}

/// The name of a producer's legal form.
pub fn subject_kind(t: &Catalogue, k: SubjectKind) -> &'static str {
    match k {
        SubjectKind::Company => t.kind_company,
        SubjectKind::Enterprise => t.kind_enterprise,
        SubjectKind::Cooperative => t.kind_cooperative,
        SubjectKind::CooperativeGroup => t.kind_cooperative_group,
        SubjectKind::HouseholdBusiness => t.kind_household,
    }
}

/// Why a verdict came out as it did (the page's replacement for the API's `detail`).
pub fn why(t: &Catalogue, c: VerdictCode) -> &'static str {
    match c {
        VerdictCode::Genuine => t.why_genuine,
        VerdictCode::CertificateExpiring => t.why_certificate_expiring,
        VerdictCode::CertificateExpired => t.why_certificate_expired,
        VerdictCode::CertificateRevoked => t.why_certificate_revoked,
        VerdictCode::BatchRecalled => t.why_batch_recalled,
        VerdictCode::ProductExpired => t.why_product_expired,
        VerdictCode::CloneSuspected => t.why_clone_suspected,
        VerdictCode::BadSignature => t.why_bad_signature,
        VerdictCode::UnknownKey => t.why_unknown_key,
        VerdictCode::KeyRevoked => t.why_key_revoked,
        VerdictCode::UnknownBatch => t.why_unknown_batch,
        VerdictCode::SerialOutOfRange => t.why_serial_out_of_range,
        VerdictCode::Malformed => t.why_malformed,
    }
}

/// The verdict page's headline for each verdict.
pub fn headline(t: &Catalogue, c: VerdictCode) -> &'static str {
    match c {
        VerdictCode::Genuine => t.head_genuine,
        VerdictCode::CertificateExpiring => t.head_certificate_expiring,
        VerdictCode::CertificateExpired => t.head_certificate_expired,
        VerdictCode::CertificateRevoked => t.head_certificate_revoked,
        VerdictCode::BatchRecalled => t.head_batch_recalled,
        VerdictCode::ProductExpired => t.head_product_expired,
        VerdictCode::CloneSuspected => t.head_clone_suspected,
        VerdictCode::BadSignature => t.head_bad_signature,
        VerdictCode::UnknownKey => t.head_unknown_key,
        VerdictCode::KeyRevoked => t.head_key_revoked,
        VerdictCode::UnknownBatch => t.head_unknown_batch,
        VerdictCode::SerialOutOfRange => t.head_serial_out_of_range,
        VerdictCode::Malformed => t.head_malformed,
    }
}

/// A verdict's short name, from its stable code (the dashboard's tally keeps codes).
pub fn short_verdict(t: &Catalogue, code: &str) -> &'static str {
    let Some(c) = VerdictCode::ALL.into_iter().find(|c| c.as_str() == code) else {
        return t.short_other;
    };
    match c {
        VerdictCode::Genuine => t.short_genuine,
        VerdictCode::CertificateExpiring => t.short_certificate_expiring,
        VerdictCode::CertificateExpired => t.short_certificate_expired,
        VerdictCode::CertificateRevoked => t.short_certificate_revoked,
        VerdictCode::BatchRecalled => t.short_batch_recalled,
        VerdictCode::ProductExpired => t.short_product_expired,
        VerdictCode::CloneSuspected => t.short_clone_suspected,
        VerdictCode::BadSignature => t.short_bad_signature,
        VerdictCode::UnknownKey => t.short_unknown_key,
        VerdictCode::KeyRevoked => t.short_key_revoked,
        VerdictCode::UnknownBatch => t.short_unknown_batch,
        VerdictCode::SerialOutOfRange => t.short_serial_out_of_range,
        VerdictCode::Malformed => t.short_malformed,
    }
}

/// A role in words.
pub fn role_name(t: &Catalogue, r: crate::domain::Role) -> &'static str {
    use crate::domain::Role;
    match r {
        Role::Admin => t.role_admin,
        Role::OfficeStaff => t.role_office_staff,
        Role::Inspector => t.role_inspector,
        Role::ProducerManager => t.role_producer_manager,
        Role::ProducerStaff => t.role_producer_staff,
        Role::Producer => t.role_producer,
    }
}

/// A dashboard target's status in words.
pub fn target_status(t: &Catalogue, status: &str) -> &'static str {
    match status {
        "met" => t.target_met,
        "on_track" => t.target_on_track,
        "behind" => t.target_behind,
        _ => t.target_missed,
    }
}

/// The catalogue's name of a document kind.
pub fn kind_name(t: &'static Catalogue, k: DocumentKind) -> &'static str {
    match k {
        DocumentKind::FoodSafetyCertificate => t.pp_kind_food_safety,
        DocumentKind::DeclarationOfConformity => t.pp_kind_declaration,
        DocumentKind::TestReport => t.pp_kind_test_report,
    }
}
