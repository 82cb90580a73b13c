import { useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { useStore } from '../../store';
import { importFiles } from './importActions';

/** Asks for the password of an encrypted PDF and imports it again with it. One file at a time. */
export function PasswordDialog() {
  const request = useStore((s) => s.passwordRequests[0]);
  const resolve = useStore((s) => s.resolvePassword);
  const [password, setPassword] = useState('');
  if (!request) return null;
  const close = () => {
    setPassword('');
    resolve(request.file);
  };
  return (
    <Dialog key={request.file} title="Password needed" onClose={close} testId="password-dialog">
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          const value = password;
          close();
          void importFiles([request.file], value);
        }}
      >
        <p>
          <strong>{request.name}</strong>{' '}
          {request.wrong ? 'did not open with that password. Try again.' : 'is protected with a password.'}
        </p>
        <label className="field">
          <span>Password</span>
          <input
            type="password"
            autoFocus
            autoComplete="off"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <div className="row end">
          <button type="button" onClick={close}>
            Skip this file
          </button>
          <button type="submit" className="primary" disabled={!password}>
            Import
          </button>
        </div>
      </form>
    </Dialog>
  );
}
