package io.madoguchi.ingest.domain;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** What ingest keeps of a ticket to answer its requester on their channel, from the ticket's created event. */
@Entity
@Table(name = "delivery_ticket")
public class DeliveryTicket {

    @Id
    @Column(name = "ticket_id")
    public long ticketId;

    public String channel;

    @Column(name = "conversation_key")
    public String conversationKey;

    @Column(name = "requester_email")
    public String requesterEmail;

    @Column(name = "requester_user_id")
    public String requesterUserId;

    @Column(name = "requester_name")
    public String requesterName;

    public String subject;

    /** The queue the ticket's last reply or survey request named (until that was carried, ticket.assigned's): its support address is the From. */
    public String queue;

    /** The requester's latest inquiry on the ticket: what a reply answers. */
    @Column(name = "last_inquiry_id")
    public UUID lastInquiryId;
}
