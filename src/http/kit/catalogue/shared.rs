//! Sentences every audience reads: the page shell, errors, certificate statuses, producer
//! kinds, roles and document kinds.
//! Entries only: the macro chain in `mod.rs` joins the files into one [`super::Catalogue`].

/// Adds this file's entries to those accumulated and calls the next macro of the chain.
macro_rules! shared_words {
    ($next:ident $(, $rest:ident)*; $($acc:tt)*) => {
        $next! { $($rest),*; $($acc)*
        // The shell.
        site_name: "Truy xuất OCOP", "OCOP trace";
        other_language: "English", "Tiếng Việt";
        nav_catalogue: "Danh mục sản phẩm", "Product catalogue";
        nav_dashboard: "Bảng theo dõi", "Dashboard";
        nav_photo: "Kiểm tra bằng ảnh chụp tem", "Check a photo of a label";
        nav_sign_in: "Đăng nhập cho cơ sở sản xuất và cán bộ", "Sign in for producers and officials";
        // Errors.
        not_found_title: "Không tìm thấy trang", "Page not found";
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
        valid_until: "Hiệu lực đến", "Valid until";
        rating_history: "Lịch sử xếp hạng", "Rating history";
        producer: "Chủ thể", "Producer";
        address: "Địa chỉ", "Address";
        origin: "Vùng nguyên liệu", "Raw-material origin";
        lot: "Lô", "Lot";
        produced: "Ngày sản xuất", "Produced";
        expires: "Hạn sử dụng", "Use by";
        serial: "Số thứ tự", "Serial number";
        recall: "Thu hồi", "Recall";
        scans: "Lượt quét", "Scans";
        why: "Vì sao có kết quả này", "Why this result";
        phone: "Điện thoại", "Phone";
        revoked_on: "Bị thu hồi", "Revoked";
        inspectors: "Dành cho cán bộ kiểm tra", "For inspectors";
        office_hotline: "Đường dây nóng", "Hotline";
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
        cat_search_button: "Tìm", "Search";
        cat_all: "Tất cả", "All";
        cat_clear: "Xóa bộ lọc", "Clear the filters";
        cat_page_of: "Trang {}/{}", "Page {} of {}";
        cat_prev: "← Trang trước", "← Previous page";
        cat_next: "Trang sau →", "Next page →";
        listing_check: "Kiểm tra", "Check";
        product_page: "Trang sản phẩm trong danh mục", "Product page in the catalogue";
        // The GS1 resolver pages.
        invalid_gtin: "Mã GTIN trên tem không hợp lệ.", "The GTIN on the label is not valid.";
        sign_out: "Đăng xuất", "Sign out";
        error_title: "Có lỗi xảy ra", "Something went wrong";
        error_text: "Hệ thống gặp lỗi. Vui lòng thử lại sau ít phút; nếu vẫn lỗi, hãy báo cơ quan OCOP của tỉnh.", "The system ran into an error. Please try again in a few minutes; if it persists, tell the province's OCOP office.";
        role_admin: "Quản trị (cơ quan OCOP)", "Office admin";
        role_office_staff: "Cán bộ cơ quan OCOP", "Office staff";
        role_inspector: "Cán bộ kiểm tra", "Inspector";
        role_producer_manager: "Quản lý cơ sở", "Producer manager";
        role_producer_staff: "Nhân viên cơ sở (không thu hồi được lô)", "Producer staff (cannot recall)";
        role_producer: "Cơ sở (mã truy cập máy)", "Producer (machine token)";
        account_disabled: "Đã khóa", "Disabled";
        last_admin: "Đây là tài khoản quản trị cuối cùng còn hoạt động của văn phòng. Hãy cấp quyền quản trị cho một tài khoản khác trước.", "This is the office's last active administrator account. Make another account an administrator first.";
        // The console: the producer's home.
        hello: "Xin chào, {}", "Hello, {}";
        stars: "{} sao", "{} stars";
        pins: "Mã PIN cào", "Scratch-off PIN";
        signature: "Chữ ký số", "Digital signature";
        signed_at: "Đã ký lúc {} (mã khóa {})", "Signed at {} (key {})";
        quantity: "Số lượng", "Quantity";
        from_label: "Từ số", "From serial";
        days_left: "còn {}", "{} left";
        report_handled: "Đã xử lý", "Handled";
        checkpoint_root: "Gốc cây", "Tree root";
        key_revoked: "đã hủy", "revoked";
        scans_total: "Từ trước đến nay: {}.", "Since they were issued: {}.";
        totp_required: "Tài khoản của bạn phải bật xác thực hai bước trước khi dùng trang quản lý.", "Your account must turn on two-step verification before you can use the console.";
        pp_photo_alt: "Ảnh sản phẩm {} ({}/{})", "Photo of {} ({} of {})";
        pp_story: "Câu chuyện sản phẩm", "The product's story";
        pp_ingredients: "Thành phần", "Ingredients";
        pp_usage: "Cách dùng", "How to use";
        pp_storage: "Bảo quản", "How to store";
        pp_net_quantity: "Định lượng", "Net quantity";
        pp_warnings: "Cảnh báo", "Warnings";
        pp_doc_line: "Số {}, do {} cấp", "No. {}, issued by {}";
        pp_doc_open: "Xem giấy tờ", "View the document";
        pp_kind_food_safety: "Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm", "Food-safety certificate of the premises";
        pp_kind_declaration: "Bản công bố sản phẩm, công bố hợp quy", "Declaration of conformity";
        pp_kind_test_report: "Phiếu kết quả kiểm nghiệm", "Test report";
        report_phone: "Số điện thoại để văn phòng gọi lại (không bắt buộc)", "Your phone number, if you want the office to call you back (optional)";
        meta_description: "Kiểm tra tem truy xuất sản phẩm OCOP của tỉnh: hàng thật hay giả, hạng sao, giấy chứng nhận và lô hàng bị thu hồi.", "Check the province's OCOP trace labels: real or fake, star rating, certificate and recalled batches.";
        }
    };
}
