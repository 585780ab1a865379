import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ID_SCHEMES, nameUuid, rfc4122v5, uuidV7, uuidV7Time } from './ids.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-([0-9a-f])[0-9a-f]{3}-([0-9a-f])[0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uuidV7', () => {
  it('is version 7 with the RFC variant and carries its millisecond', () => {
    const at = Date.UTC(2026, 11, 6, 20, 0, 0, 123);
    const id = uuidV7(at);
    const [, version, variant] = UUID.exec(id) ?? [];
    expect(version).toBe('7');
    expect(['8', '9', 'a', 'b']).toContain(variant);
    expect(uuidV7Time(id)).toBe(at);
  });

  it('sorts in the order ids were made, within one millisecond too', () => {
    const at = Date.now() + 60_000;
    const made = Array.from({ length: 3000 }, () => uuidV7(at));
    expect([...made].sort()).toEqual(made);
    expect(new Set(made).size).toBe(made.length);
  });

  it('never goes back in time when the clock does', () => {
    const later = uuidV7(Date.now() + 120_000);
    const earlier = uuidV7(Date.now());
    expect(earlier > later).toBe(true);
  });
});

describe('nameUuid', () => {
  it('gives the RFC 4122 version-5 id of a name in a namespace', () => {
    // Python's documented example: uuid5(NAMESPACE_DNS, 'python.org').
    const dns = rfc4122v5('6ba7b810-9dad-11d1-80b4-00c04fd430c8');
    expect(nameUuid(dns, 'python.org')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
  });

  // Produced by each service's own ids.ts before they were replaced by this module: events are
  // de-duplicated on these ids across replays, so they must never change.
  it.each([
    [ID_SCHEMES.order, ['ord-1|created'], '98c58086-c2e2-5a27-9012-23c0c700257e'],
    [ID_SCHEMES.order, ['ORD-42:line:3'], 'cfa7a0ec-ebc8-5ffd-9fca-5cf38bfd6966'],
    [ID_SCHEMES.order, [''], '41b2fa66-5941-5b79-8baf-d6c7a03b2872'],
    [ID_SCHEMES.shipment, ['evt-1', 'ShipmentCreated'], '20a33bdf-d4d3-54dd-841c-36a8a61eb6c2'],
    [ID_SCHEMES.shipment, ['shp-9'], '0f321982-5e6d-5ae5-b475-fcea3947949b'],
    [ID_SCHEMES.notification, ['notice', 'abc'], '420ce311-347f-5768-b8a9-b2016453cb13'],
    [ID_SCHEMES.notification, ['digest', 'a', 'b'], 'af631469-0979-5c1c-ae1f-48447a90e027'],
    [ID_SCHEMES.ingestion, ['erp', 'e-1'], '6f011980-61c0-5986-aa51-18cccde495f6'],
    [ID_SCHEMES.ingestion, ['wms', 'ü-2'], 'bac3ce2c-a45c-53f8-a08d-a3871ff71cc8'],
    [
      ID_SCHEMES.detector,
      ['case', 'default', 'late', 'order', 'o-1', 'e-1'],
      'e1dbfc30-b992-8e2f-b5ce-29a49bd89db3',
    ],
    [ID_SCHEMES.detector, ['request', 't', 'r'], 'eac0a0cc-3282-8f95-bf65-c171a199590d'],
  ])('keeps the id a service derived before the kit (%#)', (scheme, parts, id) => {
    expect(nameUuid(scheme, ...parts)).toBe(id);
  });

  it('is stable, well-formed and stamped with the scheme version for any name', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.values(ID_SCHEMES)),
        fc.array(fc.string()),
        (scheme, parts) => {
          const id = nameUuid(scheme, ...parts);
          const [, version, variant] = UUID.exec(id) ?? [];
          expect(version).toBe(String(scheme.version));
          expect(['8', '9', 'a', 'b']).toContain(variant);
          expect(nameUuid(scheme, ...parts)).toBe(id);
        },
      ),
    );
  });
});
