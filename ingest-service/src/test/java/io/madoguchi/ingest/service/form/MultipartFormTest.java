package io.madoguchi.ingest.service.form;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class MultipartFormTest {

    @Test
    void readsFieldsAndFilesAsABrowserWritesThemWithUtf8NamesAndTheBytesUntouched() {
        byte[] png = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', '-', '-', 'x' };
        byte[] body = concat("--x\r\nContent-Disposition: form-data; name=\"message\"\r\n\r\n請求書\r\n".getBytes(UTF_8),
                "--x\r\nContent-Disposition: form-data; name=\"attachment\"; filename=\"画面 %221%22.png\"\r\nContent-Type: image/png\r\n\r\n".getBytes(UTF_8),
                png, "\r\n--x--\r\n".getBytes(UTF_8));
        List<MultipartForm.Part> parts = MultipartForm.parse(body, "x");
        assertEquals(2, parts.size());
        assertEquals("message", parts.get(0).name());
        assertNull(parts.get(0).filename());
        assertEquals("請求書", new String(parts.get(0).content(), UTF_8));
        assertEquals("画面 \"1\".png", parts.get(1).filename());
        assertEquals("image/png", parts.get(1).contentType());
        assertArrayEquals(png, parts.get(1).content(), "a '--' inside the bytes is not a boundary");
    }

    @Test
    void theBoundaryComesFromTheContentTypeAndABrokenBodyIsRefused() {
        assertEquals("----abc", MultipartForm.boundary("multipart/form-data; boundary=----abc"));
        assertEquals("a b", MultipartForm.boundary("Multipart/Form-Data; charset=utf-8; boundary=\"a b\""));
        assertNull(MultipartForm.boundary("application/x-www-form-urlencoded"));
        assertNull(MultipartForm.boundary("multipart/form-data"));
        assertNull(MultipartForm.boundary("multipart/form-data; boundary=" + "x".repeat(71)));
        for (String broken : List.of("", "no boundary", "--x\r\nno end of headers", "--x\r\n\r\nno closing boundary",
                "--x\r\nContent-Type: text/plain\r\n\r\nx\r\n--x--", "--x\r\nContent-Disposition: form-data\r\n\r\nx\r\n--x--", "--xjunk")) {
            assertThrows(IllegalArgumentException.class, () -> MultipartForm.parse(broken.getBytes(UTF_8), "x"), broken);
        }
    }

    @Test
    void aFileIsTheTypeItsBytesShow() {
        assertEquals("image/png", FormAttachmentRules.sniff(new byte[] { (byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A }));
        assertEquals("image/jpeg", FormAttachmentRules.sniff(new byte[] { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0 }));
        assertEquals("image/webp", FormAttachmentRules.sniff("RIFF\0\0\0\0WEBPVP8 ".getBytes(UTF_8)));
        assertEquals("application/pdf", FormAttachmentRules.sniff("%PDF-1.7".getBytes(UTF_8)));
        assertEquals("text/plain", FormAttachmentRules.sniff("ログ\r\n\tline".getBytes(UTF_8)));
        assertNull(FormAttachmentRules.sniff(new byte[] { 'P', 'K', 3, 4 }), "a zip");
        assertNull(FormAttachmentRules.sniff(new byte[] { 'M', 'Z', 0, 0 }), "an executable");
        assertNull(FormAttachmentRules.sniff(new byte[0]));
        assertNull(FormAttachmentRules.sniff(new byte[] { (byte) 0xC3, 0x28 }), "not UTF-8");
    }

    private static byte[] concat(byte[]... arrays) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] a : arrays) {
            out.writeBytes(a);
        }
        return out.toByteArray();
    }
}
