package org.powerhotspots.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Arrays;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;

/** Builds Elasticsearch clients from connection settings (URLs, API key or user/password, CA). */
public final class ElasticsearchClients {
    private ElasticsearchClients() {}

    /** Connection settings; secrets are never printed by {@link #toString()}. */
    public record Connection(String urls, String apiKey, String user, String password, String caCertificatePath)
            implements java.io.Serializable {
        public static Connection of(String urls) {
            return new Connection(urls, null, null, null, null);
        }

        @Override
        public String toString() {
            return "Connection[urls=" + urls + ", apiKey=" + (apiKey == null ? "none" : "***")
                    + ", user=" + (user == null ? "none" : user) + ", password=" + (password == null ? "none" : "***")
                    + ", ca=" + (caCertificatePath == null ? "none" : caCertificatePath) + "]";
        }
    }

    /** A low-level REST client; close it when done. */
    public static RestClient restClient(Connection c) {
        HttpHost[] hosts = Arrays.stream(c.urls().split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).map(HttpHost::create).toArray(HttpHost[]::new);
        if (hosts.length == 0) {
            throw new IllegalArgumentException("no Elasticsearch URL given");
        }
        RestClientBuilder builder = RestClient.builder(hosts);
        if (c.apiKey() != null && !c.apiKey().isBlank()) {
            builder.setDefaultHeaders(new Header[] {new BasicHeader("Authorization", "ApiKey " + c.apiKey())});
        }
        SSLContext ssl = c.caCertificatePath() == null ? null : sslContext(Path.of(c.caCertificatePath()));
        boolean basic = c.user() != null && !c.user().isBlank();
        if (basic || ssl != null) {
            builder.setHttpClientConfigCallback(http -> {
                if (basic) {
                    BasicCredentialsProvider credentials = new BasicCredentialsProvider();
                    credentials.setCredentials(AuthScope.ANY, new UsernamePasswordCredentials(c.user(), c.password()));
                    http.setDefaultCredentialsProvider(credentials);
                }
                if (ssl != null) {
                    http.setSSLContext(ssl);
                }
                return http;
            });
        }
        return builder.build();
    }

    /** The typed client over a REST client; closing the client's transport closes the REST client. */
    public static ElasticsearchClient client(Connection c) {
        return new ElasticsearchClient(new RestClientTransport(restClient(c), new JacksonJsonpMapper()));
    }

    private static SSLContext sslContext(Path caPem) {
        try (InputStream in = Files.newInputStream(caPem)) {
            Certificate ca = CertificateFactory.getInstance("X.509").generateCertificate(in);
            KeyStore trust = KeyStore.getInstance("pkcs12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the Elasticsearch CA certificate " + caPem + ": " + e.getMessage(), e);
        }
    }
}
