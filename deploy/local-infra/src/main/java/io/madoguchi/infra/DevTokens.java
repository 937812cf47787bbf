package io.madoguchi.infra;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * An RSA key pair and RS256 bearer tokens signed with it, for local runs and tests. In production the
 * services are given the identity provider's public key instead; nothing here is used there.
 */
public final class DevTokens {

    public static final String ISSUER = "https://madoguchi.local/dev-issuer";

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private DevTokens(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    public static DevTokens generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            return new DevTokens(pair.getPrivate(), pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Loads the pair kept in {@code dir}, or generates and keeps one there. */
    public static DevTokens loadOrGenerate(Path dir) {
        try {
            Path priv = dir.resolve("jwt-private.der");
            Path pub = dir.resolve("jwt-public.der");
            if (Files.exists(priv) && Files.exists(pub)) {
                KeyFactory rsa = KeyFactory.getInstance("RSA");
                return new DevTokens(rsa.generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(priv))),
                        rsa.generatePublic(new X509EncodedKeySpec(Files.readAllBytes(pub))));
            }
            DevTokens tokens = generate();
            Files.createDirectories(dir);
            Files.write(priv, tokens.privateKey.getEncoded());
            Files.write(pub, tokens.publicKey.getEncoded());
            Files.writeString(dir.resolve("jwt-public.pem"), tokens.publicKeyPem());
            return tokens;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String publicKeyPem() {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(UTF_8)).encodeToString(publicKey.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    public String mint(String subject, Set<String> roles, Duration ttl) {
        return mint(ISSUER, subject, roles, ttl);
    }

    public String mint(String issuer, String subject, Set<String> roles, Duration ttl) {
        Instant now = Instant.now();
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String groups = roles.stream().map(r -> "\"" + r + "\"").collect(Collectors.joining(",", "[", "]"));
        String claims = "{\"iss\":\"" + issuer + "\",\"sub\":\"" + subject + "\",\"upn\":\"" + subject + "\","
                + "\"groups\":" + groups + ",\"iat\":" + now.getEpochSecond() + ","
                + "\"exp\":" + now.plus(ttl).getEpochSecond() + ",\"jti\":\"" + UUID.randomUUID() + "\"}";
        String signingInput = base64Url(header.getBytes(UTF_8)) + "." + base64Url(claims.getBytes(UTF_8));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(privateKey);
            signature.update(signingInput.getBytes(UTF_8));
            return signingInput + "." + base64Url(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Prints a token: {@code DevTokens <key-dir> <subject> <role,role> [hours]}, for local development. */
    public static void main(String[] args) {
        if (args.length < 3) {
            System.err.println("usage: DevTokens <key-dir> <subject> <role[,role]> [hours]");
            System.exit(2);
        }
        Duration ttl = Duration.ofHours(args.length > 3 ? Long.parseLong(args[3]) : 12);
        System.out.println(loadOrGenerate(Path.of(args[0])).mint(args[1], Set.of(args[2].split(",")), ttl));
    }
}
