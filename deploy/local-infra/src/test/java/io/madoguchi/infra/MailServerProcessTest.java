package io.madoguchi.infra;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/** The local mail server as its own process: what it accepted, and which of it was read, survives a SIGKILL. */
class MailServerProcessTest {

    private static final String SUPPORT = "support@madoguchi.local";
    private static final String CUSTOMER = "customer@example.jp";
    private static final Session SESSION = Session.getInstance(new Properties());

    private Path dir;
    private MailServerProcess server;

    @BeforeEach
    void start() throws Exception {
        dir = Files.createDirectories(Path.of("target", "mail-test", UUID.randomUUID().toString().substring(0, 8))).toAbsolutePath();
        server = new MailServerProcess(dir.resolve("mail"), LocalSystem.freePort(), LocalSystem.freePort(),
                Map.of(SUPPORT, "support-secret", CUSTOMER, "customer-secret"), System.getProperty("java.class.path"),
                dir.resolve("mail.log")).start(Duration.ofSeconds(30));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void acceptedMailAndItsSeenFlagsSurviveAKillAndPlusAddressesReachTheBaseMailbox() throws Exception {
        send(SUPPORT, "first");
        send("support+T-12@madoguchi.local", "second");
        send(CUSTOMER, "third");
        assertEquals(2, server.delivered(SUPPORT).size());
        assertEquals(server.delivered(SUPPORT), server.delivered("Support+T-99@Madoguchi.local"));
        assertEquals(1, server.delivered(CUSTOMER).size());

        // read the first support mail as a poller does: it becomes \Seen
        try (Store store = imap(SUPPORT, "support-secret")) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            assertEquals(List.of("first", "second"), subjects(inbox));
            inbox.getMessage(1).setFlag(Flags.Flag.SEEN, true);
            inbox.close(false);
        }
        Path firstSeen = Path.of(server.delivered(SUPPORT).get(0).toString().replace(".eml", ".seen"));
        await(() -> Files.exists(firstSeen), "the \\Seen flag is kept");

        server.kill();
        assertEquals(2, server.delivered(SUPPORT).size(), "readable while the server is down");
        server.start(Duration.ofSeconds(30));

        try (Store store = imap(SUPPORT, "support-secret")) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            assertEquals(List.of("first", "second"), subjects(inbox));
            assertTrue(inbox.getMessage(1).isSet(Flags.Flag.SEEN));
            assertTrue(!inbox.getMessage(2).isSet(Flags.Flag.SEEN));
            assertEquals("support+T-12@madoguchi.local", inbox.getMessage(2).getHeader("To")[0]);
        }
        try (Store store = imap(CUSTOMER, "customer-secret")) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            assertEquals(List.of("third"), subjects(inbox));
        }
        assertThrows(AuthenticationFailedException.class, () -> imap(CUSTOMER, "wrong"));
    }

    @Test
    void mailToAnAddressWithoutAMailboxOpensOneWhoseLoginAndPasswordAreTheAddressAndDeletionsAreKept() throws Exception {
        send("hanako@example.jp", "for hanako");
        send("hanako@example.jp", "another");
        try (Store store = imap("hanako@example.jp", "hanako@example.jp")) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            assertEquals(List.of("for hanako", "another"), subjects(inbox));
            inbox.getMessage(1).setFlag(Flags.Flag.DELETED, true);
            inbox.close(true);
        }
        await(() -> server.delivered("hanako@example.jp").size() == 1, "the deleted message's file is removed");

        server.close();
        server.start(Duration.ofSeconds(30));
        try (Store store = imap("hanako@example.jp", "hanako@example.jp")) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            assertEquals(List.of("another"), subjects(inbox));
        }
    }

    @Test
    void aKeptMessageIsTheMailAsSentWithTheServersTraceHeaders() throws Exception {
        String raw = "From: Customer <customer@example.jp>\r\nTo: support@madoguchi.local\r\nSubject: =?UTF-8?B?"
                + java.util.Base64.getEncoder().encodeToString("請求書".getBytes(UTF_8)) + "?=\r\nMessage-ID: <kept-1@example.jp>\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n請求書が届きません。\r\n";
        MimeMessage message = new MimeMessage(SESSION, new ByteArrayInputStream(raw.getBytes(UTF_8)));
        try (Transport transport = smtp()) {
            transport.sendMessage(message, new InternetAddress[] { new InternetAddress(SUPPORT) });
        }
        String kept = Files.readString(server.delivered(SUPPORT).get(0), UTF_8);
        assertTrue(kept.startsWith("Return-Path: <"), kept);
        // GreenMail takes the line break before the terminating "." as part of the terminator
        String sent = raw.substring(0, raw.length() - "\r\n".length());
        assertTrue(kept.endsWith(sent), kept);
    }

    private void send(String to, String subject) throws Exception {
        MimeMessage message = new MimeMessage(SESSION);
        message.setFrom("someone@example.com");
        message.setRecipients(Message.RecipientType.TO, to);
        message.setSubject(subject);
        message.setText("body of " + subject);
        message.saveChanges();
        try (Transport transport = smtp()) {
            transport.sendMessage(message, message.getAllRecipients());
        }
    }

    private Transport smtp() throws Exception {
        Transport transport = SESSION.getTransport("smtp");
        transport.connect(server.host(), server.smtpPort(), null, null);
        return transport;
    }

    private Store imap(String user, String password) throws Exception {
        Store store = SESSION.getStore("imap");
        store.connect(server.host(), server.imapPort(), user, password);
        return store;
    }

    private static List<String> subjects(Folder inbox) throws Exception {
        List<String> subjects = new ArrayList<>();
        for (Message m : inbox.getMessages()) {
            subjects.add(m.getSubject());
        }
        return subjects;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not within 10 s: " + what);
            }
            Thread.sleep(50);
        }
    }
}
