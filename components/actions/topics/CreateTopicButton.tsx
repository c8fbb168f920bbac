"use client";

import { useState } from "react";
import ActionButton from "./ActionButton";
import CreateTopicDialog from "./CreateTopicDialog";

/** "Create topic" on the topic list (disabled with the reason when read-only). */
export default function CreateTopicButton({ clusterId }: { clusterId: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <ActionButton onClick={() => setOpen(true)} testId="action-create-topic">
        Create topic
      </ActionButton>
      {open ? <CreateTopicDialog clusterId={clusterId} onClose={() => setOpen(false)} /> : null}
    </>
  );
}
