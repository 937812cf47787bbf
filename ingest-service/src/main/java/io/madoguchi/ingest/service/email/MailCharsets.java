package io.madoguchi.ingest.service.email;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Optional;

import jakarta.mail.internet.MimeUtility;

/**
 * The Java charset that decodes what a mailer meant by a MIME charset name. Japanese mailers label Microsoft's supersets
 * as the standard names: Shift_JIS text is windows-31j (keeps ①, ㈱, 髙, 﨑 and ～), ISO-2022-JP text is CP50220 as
 * Windows writes it (NEC row 13 and the NEC-selected IBM rows), which the JDK's x-windows-iso2022jp decodes.
 */
final class MailCharsets {

    private static final Charset WINDOWS_31J = Charset.forName("windows-31j");
    private static final Charset WINDOWS_ISO_2022_JP = Charset.forName("x-windows-iso2022jp");

    private MailCharsets() {
    }

    /** @return the charset for a MIME name (an RFC 2231 language suffix such as {@code UTF-8*ja} allowed), or empty */
    static Optional<Charset> forMimeName(String name) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        String bare = name.strip();
        int language = bare.indexOf('*');
        if (language > 0) {
            bare = bare.substring(0, language);
        }
        try {
            Charset charset = Charset.forName(MimeUtility.javaCharset(bare));
            return Optional.of(switch (charset.name()) {
                case "Shift_JIS" -> WINDOWS_31J;
                case "ISO-2022-JP" -> WINDOWS_ISO_2022_JP;
                default -> charset;
            });
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return Optional.empty();
        }
    }
}
