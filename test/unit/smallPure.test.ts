import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAddress } from '../../extension/core/addresses';
import { mapRemotePath } from '../../extension/core/pathMapping';

describe('parseAddress', () => {
  it('reads hex as repr prints it and decimal as id() prints it', () => {
    assert.equal(parseAddress('0x7f3a2c1b4d90'), 0x7f3a2c1b4d90);
    assert.equal(parseAddress(' 139888 '), 139888);
    assert.equal(parseAddress('0X1F'), 31);
  });
  it('refuses anything else', () => {
    for (const bad of ['', 'abc', '0x', '-5', '0', '1e5', '0x1g', '99999999999999999999']) {
      assert.equal(parseAddress(bad), undefined, bad);
    }
  });
});

describe('mapRemotePath', () => {
  const mappings = [
    { localRoot: '/home/me/app', remoteRoot: '/srv/app' },
    { localRoot: '/home/me/lib', remoteRoot: '/srv/app/vendor/' },
  ];
  it('keeps local paths when the session has no mappings', () => {
    assert.equal(mapRemotePath('/work/x.py', []), '/work/x.py');
  });
  it('maps with the longest matching remote root', () => {
    assert.equal(mapRemotePath('/srv/app/main.py', mappings), '/home/me/app/main.py');
    assert.equal(mapRemotePath('/srv/app/vendor/lib.py', mappings), '/home/me/lib/lib.py');
    assert.equal(mapRemotePath('C:\\srv\\x.py', [{ localRoot: '/l', remoteRoot: 'C:\\srv' }]), '/l/x.py');
  });
  it('refuses paths outside every mapping and paths with ..', () => {
    assert.equal(mapRemotePath('/etc/passwd', mappings), undefined);
    assert.equal(mapRemotePath('/srv/application/x.py', mappings), undefined);
    assert.equal(mapRemotePath('/srv/app/../../etc/passwd', mappings), undefined);
    assert.equal(mapRemotePath('/work/../etc/passwd', []), undefined);
  });
});
