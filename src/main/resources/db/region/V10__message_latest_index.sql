-- The latest inbound messages of a conversation, newest first, read for every inbound message
-- (a card typed across messages): straight from this index, without walking the conversation.
create index message_inbound_latest on message (conversation_id, direction, seq desc);
