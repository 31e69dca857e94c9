//! Every sentence a person reads on a page, Vietnamese and English side by side. The macro
//! makes a missing translation a compile error: an entry without both strings does not parse.
//! `{}` marks where [`super::i18n::fill`] puts a number, a date or a name.

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
    product_page: "Trang sản phẩm trong danh mục", "Product page in the catalogue";

    // The GS1 resolver pages.
    invalid_gtin: "Mã GTIN trên tem không hợp lệ.", "The GTIN on the label is not valid.";
    unknown_gtin: "Không có sản phẩm OCOP nào mang mã GTIN này.", "No OCOP product has this GTIN.";
    unknown_lot: "Không tìm thấy lô hàng này; dưới đây là thông tin của sản phẩm.", "This lot is not in the register; here is the product instead.";
    lot_recalled: "Lô hàng đã bị thu hồi: {}", "This batch has been recalled: {}";

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
    inspector_home: "Trang tìm lô hàng và xem lịch sử dành cho cán bộ kiểm tra sẽ có ở bản sau; hiện dùng API (tìm kiếm, lịch sử, xuất EPCIS).", "The inspector's batch search and history pages come in a later version; use the API for now (search, history, EPCIS export).";
    office_home_intro: "Đăng ký chủ thể và quản lý tài khoản của các cơ sở sản xuất. Biểu mẫu đăng ký sản phẩm và giấy chứng nhận sẽ có ở bản sau; hiện dùng API.", "Register producers and manage their accounts. Forms for products and certificates come in a later version; use the API for now.";

    // ---- section: office (branch office) ----
    // entries of this section go right below this line

    // ---- section: inspector (branch inspector) ----
    // entries of this section go right below this line

    // ---- section: producer (branch producer) ----
    // entries of this section go right below this line
    scans_title: "Lượt quét", "Scans";
    scans_month: "Tháng {}: {} được người mua quét.", "In {}: {} scanned by shoppers.";
    scans_total: "Từ trước đến nay: {}.", "Since they were issued: {}.";
    label_one: "{} tem", "{} label";
    label_many: "{} tem", "{} labels";
    scan_one: "{} lượt quét", "{} scan";
    scan_many: "{} lượt quét", "{} scans";
    attention_title: "Cần chú ý", "Needs your attention";
    attention_none: "Không có gì cần chú ý.", "Nothing needs your attention.";
    attention_clone: "Lô {}: {} bị quét ở nhiều nơi cách xa nhau — có thể tem đã bị sao chép. Hãy báo cơ quan OCOP của tỉnh.", "Lot {}: {} scanned in many distant places — the labels may have been copied. Tell the province's OCOP office.";
    attention_report: "Người mua báo nghi hàng giả (lô {}, ngày {}): “{}”", "A shopper suspects a fake (lot {}, on {}): “{}”";
    attention_report_place: "Nơi mua: {}", "Bought at: {}";
    attention_reports_more: "Và {} khác trong 30 ngày qua.", "And {} more in the last 30 days.";
    report_one: "{} báo cáo", "{} report";
    report_many: "{} báo cáo", "{} reports";
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

    // ---- section: content (branch content) ----
    // entries of this section go right below this line

    // ---- section: public (branch public) ----
    // entries of this section go right below this line
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
