import { buildSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { flatten } from './flatten';
import { shapeOfOperation } from './shape';

const schema = buildSchema(`
  type Query { commune(code: ID!): Commune communes: [Commune!]! province: Province! }
  type Province { name: String! codes: [ID!]! matrix: [[Int]] }
  type Commune { code: ID! name: String! district: District! stats: Stats models: [Model!]! tags: [String] }
  type District { name: String! }
  type Stats { poor: Int! poorRate: Float }
  type Model { name: String! flags: [String!]! supports: [Support!]! supervisions: [Supervision]! funding: Funding }
  type Funding { approved: Int! bySource: [Source!]! }
  type Source { name: String! approved: Int! }
  type Support { kind: String! date: String! }
  type Supervision { date: String! recommendations: [Recommendation!]! }
  type Recommendation { status: String! }
`);

function tablesOf(query: string, data: unknown) {
  return flatten(data, shapeOfOperation(schema, parse(query)));
}

describe('flatten', () => {
  it('gives one row per element of the innermost list, its parents\' fields repeated, columns named by path', () => {
    const tables = tablesOf(`{ communes { name district { name } stats { poor } models { name supervisions { date } } } }`, {
      communes: [
        { name: 'Phước Bình', district: { name: 'Bác Ái' }, stats: { poor: 120 }, models: [
          { name: 'Nuôi dê', supervisions: [{ date: '2024-03-01' }, { date: '2024-09-15' }] },
          { name: 'Trồng nho', supervisions: [{ date: '2024-05-20' }] },
        ] },
        { name: 'Phước Hòa', district: { name: 'Bác Ái' }, stats: { poor: 80 }, models: [] },
      ],
    });
    expect(tables).toEqual([{
      name: 'communes.models.supervisions',
      columns: ['communes.name', 'communes.district.name', 'communes.stats.poor', 'communes.models.name', 'communes.models.supervisions.date'],
      rows: [
        ['Phước Bình', 'Bác Ái', 120, 'Nuôi dê', '2024-03-01'],
        ['Phước Bình', 'Bác Ái', 120, 'Nuôi dê', '2024-09-15'],
        ['Phước Bình', 'Bác Ái', 120, 'Trồng nho', '2024-05-20'],
        // A commune without models keeps its row; the model columns are empty.
        ['Phước Hòa', 'Bác Ái', 80, null, null],
      ],
    }]);
  });

  it('makes one table per list path when lists sit side by side, instead of multiplying them', () => {
    const tables = tablesOf(`query($code: ID!) { commune(code: $code) { name models { name funding { approved bySource { name } } supports { kind } supervisions { date recommendations { status } } } } }`, {
      commune: { name: 'Phước Bình', models: [{
        name: 'Nuôi dê', funding: { approved: 500, bySource: [{ name: 'NTP-GNBV' }, { name: 'NTP-DTTS' }] },
        supports: [{ kind: 'TRAINING' }, { kind: 'VET' }, { kind: 'SEED' }],
        supervisions: [{ date: '2024-03-01', recommendations: [{ status: 'OPEN' }, { status: 'DONE' }] }, { date: '2024-09-15', recommendations: [] }],
      }] },
    });
    expect(tables.map((t) => [t.name, t.rows.length])).toEqual([
      ['commune.models.funding.bySource', 2],
      ['commune.models.supports', 3],
      ['commune.models.supervisions.recommendations', 3],
    ]);
    expect(tables[0]!.columns).toEqual(['commune.name', 'commune.models.name', 'commune.models.funding.approved', 'commune.models.funding.bySource.name']);
    expect(tables[1]!.rows).toEqual([['Phước Bình', 'Nuôi dê', 500, 'TRAINING'], ['Phước Bình', 'Nuôi dê', 500, 'VET'], ['Phước Bình', 'Nuôi dê', 500, 'SEED']]);
    expect(tables[2]!.rows).toEqual([
      ['Phước Bình', 'Nuôi dê', 500, '2024-03-01', 'OPEN'],
      ['Phước Bình', 'Nuôi dê', 500, '2024-03-01', 'DONE'],
      ['Phước Bình', 'Nuôi dê', 500, '2024-09-15', null],
    ]);
  });

  it('turns nulls into empty cells: a null parent, a null list, a null element, a null scalar', () => {
    const query = `{ commune(code: "1") { name stats { poor poorRate } models { name funding { approved } supervisions { date } } } }`;
    expect(tablesOf(query, { commune: null })).toEqual([{
      name: 'commune.models.supervisions',
      columns: ['commune.name', 'commune.stats.poor', 'commune.stats.poorRate', 'commune.models.name', 'commune.models.funding.approved', 'commune.models.supervisions.date'],
      rows: [[null, null, null, null, null, null]],
    }]);
    expect(tablesOf(query, { commune: { name: 'A', stats: { poor: 0, poorRate: null }, models: [{ name: 'M', funding: null, supervisions: [null, { date: 'd' }] }] } })[0]!.rows)
      .toEqual([['A', 0, null, 'M', null, null], ['A', 0, null, 'M', null, 'd']]);
    expect(tablesOf(query, {})[0]!.rows).toEqual([[null, null, null, null, null, null]]);
  });

  it('puts a list of scalars into one cell, joined by "; ", and flattens nested lists', () => {
    const tables = tablesOf(`{ province { name codes matrix } communes { code tags models { flags } } }`, {
      province: { name: 'Ninh Thuận', codes: ['582', '584'], matrix: [[1, 2], [3], null] },
      communes: [{ code: '1', tags: null, models: [{ flags: [] }, { flags: ['LATE', 'OVER_BUDGET'] }] }],
    });
    expect(tables).toEqual([{
      name: 'communes.models',
      columns: ['province.name', 'province.codes', 'province.matrix', 'communes.code', 'communes.tags', 'communes.models.flags'],
      rows: [['Ninh Thuận', '582; 584', '1; 2; 3', '1', null, ''], ['Ninh Thuận', '582; 584', '1; 2; 3', '1', null, 'LATE; OVER_BUDGET']],
    }]);
  });

  it('follows aliases and fragments, and gives a single row when there is no list of objects', () => {
    const tables = tablesOf(`query Two { a: commune(code: "1") { ...Names stats { p: poor } } b: commune(code: "2") { ... on Commune { name } } __typename }
      fragment Names on Commune { name district { districtName: name } }`, {
      a: { name: 'A', district: { districtName: 'D' }, stats: { p: 3 } }, b: { name: 'B' }, __typename: 'Query',
    });
    expect(tables).toEqual([{ name: '', columns: ['a.name', 'a.district.districtName', 'a.stats.p', 'b.name', '__typename'], rows: [['A', 'D', 3, 'B', 'Query']] }]);
  });
});
