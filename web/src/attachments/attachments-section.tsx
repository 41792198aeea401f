/**
 * A todo's attachments: the list (pending until the bytes are in S3, then uploaded), an upload
 * (declared through the API, then PUT straight to S3 with a progress bar), download and delete.
 */
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useRef, useState } from 'react';
import type { Attachment } from '../../../src/client';
import { useApi } from '../api/api';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { ProblemAlert } from '../ui/problem-alert';
import { ACCEPTED_TYPES, checkFile, formatSize, MAX_SIZE, typeNames } from './file-check';
import { putToPresignedUrl } from './presigned-upload';

interface UploadState {
  fileName: string;
  loaded: number;
  total: number;
  error?: unknown;
}

export function AttachmentsSection({ todoId }: { todoId: string }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const id = useId();
  const path = { todoId };
  const listKey = api.queryOptions('get', '/todos/{todoId}/attachments', { params: { path } }).queryKey;
  const list = api.useQuery('get', '/todos/{todoId}/attachments', { params: { path } });
  const create = api.useMutation('post', '/todos/{todoId}/attachments');
  const fileInput = useRef<HTMLInputElement>(null);
  const [pickError, setPickError] = useState<string>();
  const [upload, setUpload] = useState<UploadState>();
  const uploading = upload !== undefined && upload.error === undefined && upload.loaded < upload.total;

  const checkPicked = () => {
    const file = fileInput.current?.files?.[0];
    if (!file) return undefined;
    const checked = checkFile(file);
    setPickError(checked.ok ? undefined : checked.message);
    return checked.ok ? { file, body: checked.body } : undefined;
  };

  const start = async (event: FormEvent) => {
    event.preventDefault();
    const picked = checkPicked();
    if (!picked) {
      if (!fileInput.current?.files?.length) setPickError('Choose a file first.');
      fileInput.current?.focus();
      return;
    }
    const { file, body } = picked;
    setUpload({ fileName: file.name, loaded: 0, total: file.size });
    try {
      const declared = await create.mutateAsync({ params: { path }, body });
      void queryClient.invalidateQueries({ queryKey: listKey }); // shows it as pending meanwhile
      await putToPresignedUrl(declared.upload, file, (loaded, total) =>
        setUpload({ fileName: file.name, loaded, total }),
      );
      if (fileInput.current) fileInput.current.value = '';
    } catch (error) {
      setUpload((current) => ({ fileName: file.name, loaded: 0, total: file.size, ...current, error }));
    } finally {
      await queryClient.invalidateQueries({ queryKey: listKey });
    }
  };

  return (
    <section className="attachments" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Attachments</h2>
      {list.isPending ? (
        <p role="status">Loading attachments…</p>
      ) : list.isError ? (
        <ProblemAlert error={list.error} />
      ) : list.data.items.length === 0 ? (
        <p className="muted">No attachments.</p>
      ) : (
        <ul className="attachment-list">
          {list.data.items.map((attachment) => (
            <AttachmentRow key={attachment.id} attachment={attachment} />
          ))}
        </ul>
      )}

      <form className="upload" onSubmit={start}>
        <div className={pickError ? 'field field-invalid' : 'field'}>
          <label htmlFor={`${id}-file`}>Attach a file</label>
          <div className="inline">
            <input
              ref={fileInput}
              id={`${id}-file`}
              type="file"
              accept={ACCEPTED_TYPES.join(',')}
              onChange={() => {
                setUpload(undefined);
                checkPicked();
              }}
              aria-describedby={`${id}-file-hint${pickError ? ` ${id}-file-error` : ''}`}
              aria-invalid={pickError ? true : undefined}
              disabled={uploading}
            />
            <button type="submit" disabled={uploading}>
              {uploading ? 'Uploading…' : 'Upload'}
            </button>
          </div>
          <p className="field-hint" id={`${id}-file-hint`}>
            {typeNames()}; up to {formatSize(MAX_SIZE)}.
          </p>
          {pickError ? (
            <p className="field-error" id={`${id}-file-error`} role="alert">
              {pickError}
            </p>
          ) : null}
        </div>
      </form>
      {upload ? <UploadProgress upload={upload} /> : null}
    </section>
  );
}

function UploadProgress({ upload }: { upload: UploadState }) {
  const percent = upload.total ? Math.round((upload.loaded / upload.total) * 100) : 0;
  if (upload.error) return <ProblemAlert error={upload.error} />;
  return (
    <div className="progress" role="status">
      <label>
        {percent === 100 ? `Uploaded ${upload.fileName}.` : `Uploading ${upload.fileName}: ${percent}%`}
        <progress max={upload.total} value={upload.loaded}>
          {percent}%
        </progress>
      </label>
    </div>
  );
}

function AttachmentRow({ attachment }: { attachment: Attachment }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const path = { todoId: attachment.todoId, attachmentId: attachment.id };
  const [confirming, setConfirming] = useState(false);
  const [downloadError, setDownloadError] = useState<unknown>();
  const remove = api.useMutation('delete', '/todos/{todoId}/attachments/{attachmentId}', {
    onSuccess: () => {
      setConfirming(false);
      void queryClient.invalidateQueries({
        queryKey: api.queryOptions('get', '/todos/{todoId}/attachments', {
          params: { path: { todoId: attachment.todoId } },
        }).queryKey,
      });
    },
  });

  const download = async () => {
    setDownloadError(undefined);
    try {
      // A fresh URL each time: they last minutes.
      const read = await queryClient.fetchQuery({
        ...api.queryOptions('get', '/todos/{todoId}/attachments/{attachmentId}', { params: { path } }),
        staleTime: 0,
      });
      if (!read.download) throw new Error(`${attachment.fileName} is not uploaded yet.`);
      const link = document.createElement('a');
      link.href = read.download.url;
      link.rel = 'noopener';
      link.click();
    } catch (error) {
      setDownloadError(error);
    }
  };

  return (
    <li className="attachment">
      <div className="attachment-main">
        <span className="attachment-name">{attachment.fileName}</span>
        <span className="muted">
          {formatSize(attachment.size)} · {attachment.contentType}
        </span>
        <span className={`badge badge-${attachment.status}`}>{attachment.status}</span>
      </div>
      <div className="actions">
        <button
          type="button"
          onClick={() => void download()}
          disabled={attachment.status !== 'uploaded'}
          aria-label={`Download ${attachment.fileName}`}
        >
          Download
        </button>
        <button
          type="button"
          className="button-danger"
          onClick={() => setConfirming(true)}
          aria-label={`Delete ${attachment.fileName}`}
        >
          Delete
        </button>
      </div>
      {downloadError ? <ProblemAlert error={downloadError} /> : null}
      <ConfirmDialog
        open={confirming}
        title={`Delete ${attachment.fileName}?`}
        confirmLabel="Delete attachment"
        busy={remove.isPending}
        onCancel={() => {
          remove.reset();
          setConfirming(false);
        }}
        onConfirm={() => remove.mutate({ params: { path } })}
      >
        <p>The file will be gone for good.</p>
        {remove.error ? <ProblemAlert error={remove.error} /> : null}
      </ConfirmDialog>
    </li>
  );
}
