package io.madoguchi.ingest.repository;

import io.madoguchi.ingest.domain.Attachment;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class AttachmentRepository implements PanacheRepositoryBase<Attachment, Attachment.Key> {
}
