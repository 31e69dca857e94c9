//! Sentences of the console's door: signing in, setup links, sessions, two-step codes,
//! refusals and the office's accounts.
//! Entries only: the macro chain in `mod.rs` joins the files into one [`super::Catalogue`].

/// Adds this file's entries to those accumulated and calls the next macro of the chain.
macro_rules! console_access_words {
    ($next:ident $(, $rest:ident)*; $($acc:tt)*) => {
        $next! { $($rest),*; $($acc)*
        product_cert: "OCOP {} — quyết định {} ngày {} ({}), hiệu lực đến {}", "OCOP {} — decision {} of {} ({}), valid until {}";
        // The console: signing in, setup links, refusals.
        nav_console: "Trang làm việc", "My console";
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
        unreadable_title: "Không đọc được biểu mẫu", "The form could not be read";
        unreadable_text: "Biểu mẫu gửi lên bị thiếu hoặc có dữ liệu không đúng. Hãy quay lại, tải lại trang rồi điền lại.", "The form arrived incomplete or with data that does not fit. Go back, reload the page and fill it in again.";
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
        accounts_list: "Các tài khoản", "Accounts";
        accounts_none: "Chưa có tài khoản nào.", "No accounts yet.";
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
        totp_title: "Xác thực hai bước", "Two-step verification";
        totp_intro: "Ngoài mật khẩu, mỗi lần đăng nhập sẽ cần thêm mã 6 số từ ứng dụng xác thực trên điện thoại (Google Authenticator, Microsoft Authenticator hoặc ứng dụng tương tự).", "Besides the password, every sign-in will need a 6-digit code from an authenticator app on your phone (Google Authenticator, Microsoft Authenticator or similar).";
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
        }
    };
}
