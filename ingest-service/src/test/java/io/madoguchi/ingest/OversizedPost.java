package io.madoguchi.ingest;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Posts a body larger than the server accepts. The server answers 413 as soon as the declared length is over its
 * limit and closes the connection, so a client still writing the body may see a broken pipe instead of the answer.
 * This client asks {@code Expect: 100-continue}, as well-behaved clients do for large bodies, and so reads the 413
 * before sending anything.
 */
final class OversizedPost {

    private OversizedPost() {
    }

    static int status(URL url, String contentType, String body, String... headers)
            throws IOException, InterruptedException, URISyntaxException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url.toURI())
                .expectContinue(true)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
