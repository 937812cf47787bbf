package io.madoguchi.infra;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import com.icegreen.greenmail.mail.MovingMessage;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.FolderListener;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.user.UserException;
import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import jakarta.mail.Flags;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * A local SMTP and IMAP server (GreenMail, on 127.0.0.1) whose INBOXes are kept on disk, so that mail survives a
 * restart or a SIGKILL like on a real server. Each message is written to {@code <dir>/<address>/INBOX/<n>.eml}
 * (forced to disk, then renamed into place) before SMTP answers {@code 250}; an empty {@code <n>.seen} beside it
 * records the \Seen flag, and deleting (expunging) a message deletes its files. Mail to {@code name+detail@domain}
 * goes to the mailbox of {@code name@domain} (plus-addressing, as ticket reply addresses need); mail to an address
 * without a mailbox creates one whose login and password are the address (GreenMail's rule). Only INBOX is kept;
 * other folders and flags are not.
 * <p>
 * Flags are written shortly after they change, not before IMAP answers: a SIGKILL in between loses a \Seen, and the
 * message is then unseen again after the restart (a poller reads it twice, as after any crash before its flag stuck).
 * <p>
 * Run as its own process by {@link MailServerProcess}: {@code MailServer <dir> <smtp port> <imap port>}, the
 * configured mailboxes in the environment variable {@value #USERS} ({@code address:password,…}).
 */
public final class MailServer implements AutoCloseable {

    /** The mailboxes to create: {@code address:password}, comma separated; the address is also the login. */
    public static final String USERS = "MADOGUCHI_MAIL_USERS";

    private static final String FOLDER = "INBOX";

    private final Path dir;
    private final int smtpPort;
    private final int imapPort;
    private final GreenMail greenMail;
    private final Session session = Session.getInstance(new Properties());
    private final Map<String, Mailbox> mailboxes = new ConcurrentHashMap<>();
    /** Writes flag changes and deletions to disk, one mailbox at a time, outside GreenMail's own locks. */
    private final ExecutorService flagWriter = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mailbox-flags");
        t.setDaemon(true);
        return t;
    });

    public MailServer(Path dir, int smtpPort, int imapPort, Map<String, String> users) {
        this.dir = dir.toAbsolutePath();
        this.smtpPort = smtpPort;
        this.imapPort = imapPort;
        this.greenMail = new GreenMail(new ServerSetup[] {
            new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
            new ServerSetup(imapPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP) });
        users.forEach((address, password) -> greenMail.setUser(normalized(address), normalized(address), password));
    }

    /** Loads the kept mail, then opens the ports: once they accept connections, every delivery is kept. */
    public MailServer start() {
        UserManager users = greenMail.getUserManager();
        try (Stream<Path> kept = Files.isDirectory(dir) ? Files.list(dir) : Stream.empty()) {
            for (Path mailboxDir : kept.filter(p -> Files.isDirectory(p.resolve(FOLDER))).sorted().toList()) {
                mailbox(user(users, mailboxDir.getFileName().toString())).load();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not load the mailboxes in " + dir, e);
        }
        users.setMessageDeliveryHandler((message, recipient) -> {
            GreenMailUser user = user(users, withoutDetail(normalized(recipient.getEmail())));
            return new KeepingUser(user, mailbox(user));
        });
        greenMail.start();
        return this;
    }

    public int smtpPort() {
        return smtpPort;
    }

    public int imapPort() {
        return imapPort;
    }

    @Override
    public void close() {
        greenMail.stop();
        flagWriter.shutdown();
        try {
            flagWriter.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code support+T-12@madoguchi.local} → {@code support@madoguchi.local}. */
    static String withoutDetail(String address) {
        int at = address.lastIndexOf('@');
        int plus = address.indexOf('+');
        return plus > 0 && plus < at ? address.substring(0, plus) + address.substring(at) : address;
    }

    private static String normalized(String address) {
        return address.trim().toLowerCase(Locale.ROOT);
    }

    private static GreenMailUser user(UserManager users, String address) {
        if (address.isEmpty() || address.contains("/") || address.contains("\\") || address.startsWith(".")) {
            throw new IllegalArgumentException("No mailbox can be kept for the address '" + address + "'");
        }
        GreenMailUser user = users.getUserByEmail(address);
        if (user != null) {
            return user;
        }
        try {
            return users.createUser(address, address, address);
        } catch (UserException e) {
            throw new IllegalStateException(e);
        }
    }

    private Mailbox mailbox(GreenMailUser user) {
        return mailboxes.computeIfAbsent(normalized(user.getEmail()), address -> {
            try {
                return new Mailbox(dir.resolve(address).resolve(FOLDER),
                        greenMail.getManagers().getImapHostManager().getInbox(user));
            } catch (FolderException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** One user's INBOX and its folder on disk: which file holds which message (by UID). */
    private final class Mailbox implements FolderListener {

        private final Path folder;
        private final MailFolder inbox;
        private final Map<Long, String> files = new ConcurrentHashMap<>();
        private final AtomicLong next = new AtomicLong(1);
        private final AtomicBoolean syncQueued = new AtomicBoolean();

        Mailbox(Path folder, MailFolder inbox) {
            this.folder = folder;
            this.inbox = inbox;
            inbox.addListener(this);
        }

        /** The kept messages, oldest first, with their \Seen flags. */
        void load() throws IOException {
            List<Path> kept;
            try (Stream<Path> list = Files.list(folder)) {
                kept = list.filter(p -> p.getFileName().toString().endsWith(".eml"))
                        .sorted((a, b) -> Long.compare(number(a), number(b))).toList();
            }
            try (Stream<Path> list = Files.list(folder)) {
                // never acknowledged: the server died while writing them
                for (Path part : list.filter(p -> p.getFileName().toString().endsWith(".part")).toList()) {
                    Files.delete(part);
                }
            }
            for (Path file : kept) {
                try {
                    MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(Files.readAllBytes(file)));
                    Flags flags = Files.exists(seenMarker(file)) ? new Flags(Flags.Flag.SEEN) : new Flags();
                    long uid = inbox.appendMessage(message, flags, new Date(Files.getLastModifiedTime(file).toMillis()));
                    files.put(uid, file.getFileName().toString());
                } catch (MessagingException e) {
                    System.err.println("Skipping " + file + ", which is not a mail: " + e);
                }
                next.set(Math.max(next.get(), number(file) + 1));
            }
        }

        /** Writes the message to disk (forced), then stores it: only a kept message is acknowledged. */
        void deliver(MimeMessage message) {
            try {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                message.writeTo(bytes);
                Files.createDirectories(folder);
                Path file = folder.resolve(String.format("%08d.eml", next.getAndIncrement()));
                // whole or not at all: a crash while writing leaves a .part, which is never loaded (and the sender,
                // which got no 250, sends the message again)
                Path part = file.resolveSibling(file.getFileName() + ".part");
                try (FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE); OutputStream out = Channels.newOutputStream(channel)) {
                    out.write(bytes.toByteArray());
                    channel.force(true);
                }
                Files.move(part, file, StandardCopyOption.ATOMIC_MOVE);
                long uid = inbox.appendMessage(message, new Flags(), new Date());
                files.put(uid, file.getFileName().toString());
                // a flag set before the UID was known to us is written now
                queueSync();
            } catch (IOException | MessagingException e) {
                // GreenMail answers 451: the sender tries again later
                throw new IllegalStateException("Could not keep a message in " + folder, e);
            }
        }

        @Override
        public void flagsUpdated(int msn, Flags flags, Long uid) {
            queueSync();
        }

        @Override
        public void expunged(int msn) {
            queueSync();
        }

        @Override
        public void added(int msn) {
            // kept by deliver() or load()
        }

        @Override
        public void mailboxDeleted() {
            queueSync();
        }

        private void queueSync() {
            if (syncQueued.compareAndSet(false, true)) {
                flagWriter.execute(() -> {
                    syncQueued.set(false);
                    sync();
                });
            }
        }

        /** Makes the folder on disk match the INBOX: a {@code .seen} for each seen message, no files for deleted ones. */
        private void sync() {
            try {
                // the files first: a UID in there was appended before, so a message missing below was really deleted
                Map<Long, String> kept = new LinkedHashMap<>(files);
                Map<Long, Boolean> seen = new LinkedHashMap<>();
                for (StoredMessage message : inbox.getMessages()) {
                    seen.put(message.getUid(), message.isSet(Flags.Flag.SEEN));
                }
                for (Map.Entry<Long, String> entry : kept.entrySet()) {
                    Path file = folder.resolve(entry.getValue());
                    Boolean isSeen = seen.get(entry.getKey());
                    if (isSeen == null) {
                        Files.deleteIfExists(seenMarker(file));
                        Files.deleteIfExists(file);
                        files.remove(entry.getKey());
                    } else if (isSeen) {
                        if (!Files.exists(seenMarker(file))) {
                            Files.write(seenMarker(file), new byte[0]);
                        }
                    } else {
                        Files.deleteIfExists(seenMarker(file));
                    }
                }
            } catch (IOException | RuntimeException e) {
                System.err.println("Could not write the flags of " + folder + ": " + e);
            }
        }
    }

    private static Path seenMarker(Path eml) {
        String name = eml.getFileName().toString();
        return eml.resolveSibling(name.substring(0, name.length() - ".eml".length()) + ".seen");
    }

    private static long number(Path eml) {
        String name = eml.getFileName().toString();
        try {
            return Long.parseLong(name.substring(0, name.length() - ".eml".length()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** A user whose deliveries are kept on disk before they are stored; everything else is the user's own. */
    private record KeepingUser(GreenMailUser user, Mailbox mailbox) implements GreenMailUser {

        @Override
        public void deliver(MovingMessage message) {
            mailbox.deliver(message.getMessage());
        }

        @Override
        public void deliver(MimeMessage message) {
            mailbox.deliver(message);
        }

        @Override
        public String getEmail() {
            return user.getEmail();
        }

        @Override
        public String getLogin() {
            return user.getLogin();
        }

        @Override
        public void create() {
            user.create();
        }

        @Override
        public void delete() {
            user.delete();
        }

        @Override
        public String getPassword() {
            return user.getPassword();
        }

        @Override
        public void setPassword(String password) {
            user.setPassword(password);
        }

        @Override
        public void authenticate(String password) throws UserException {
            user.authenticate(password);
        }

        @Override
        public String getQualifiedMailboxName() {
            return user.getQualifiedMailboxName();
        }
    }

    /** {@code MailServer <dir> <smtp port> <imap port>}; the mailboxes from {@value #USERS}. Stops on SIGTERM. */
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 3) {
            System.err.println("usage: MailServer <dir> <smtp port> <imap port>   (mailboxes in " + USERS + "=address:password,...)");
            System.exit(2);
        }
        Map<String, String> users = new LinkedHashMap<>();
        for (String pair : System.getenv().getOrDefault(USERS, "").split(",")) {
            int colon = pair.indexOf(':');
            if (colon > 0) {
                users.put(pair.substring(0, colon).trim(), pair.substring(colon + 1));
            }
        }
        MailServer server = new MailServer(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]), users);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "mail-server-stop"));
        server.start();
        System.out.println("Mail server: SMTP 127.0.0.1:" + server.smtpPort() + ", IMAP 127.0.0.1:" + server.imapPort()
                + ", mailboxes " + users.keySet() + ", mail kept in " + server.dir);
        Thread.currentThread().join();
    }
}
