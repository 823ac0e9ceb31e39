import { describe, expect, it } from 'vitest';
import { splitStatements, splitUntrimmed } from '../../src/lib/server/db/split-statements';

/** The pieces, joined, split back into exactly those pieces (as the Supabase CLI's parser does). */
function splitsInto(...pieces: string[]) {
	expect(splitUntrimmed(pieces.join(''))).toEqual(pieces);
}

describe('splitting a migration file as the Supabase CLI does', () => {
	it('ends a statement at a semicolon outside quotes, comments and bodies', () => {
		splitsInto(';', 'END;', ';');
		splitsInto('BEGIN   ;', '  END');
		splitsInto('\\;;', '\\;');
	});

	it('keeps line and block comments, nested ones too, with the statement after them', () => {
		splitsInto('END;', '-- comment');
		splitsInto('SELECT --; 1');
		splitsInto('- ;', 'END');
		splitsInto('-- /* \n;', ' */ END');
		splitsInto('SELECT /* ; */ 1;');
		splitsInto('SELECT /*; /*;*/ ;*/ 1');
		splitsInto('/ * ;', ' */ END');
	});

	it('does not split inside quoted strings, identifiers or dollar-quoted bodies', () => {
		splitsInto("SELECT ';' 1");
		splitsInto("SELECT ';'';' 1");
		splitsInto("SELECT '\\';", " 1'");
		splitsInto('CREATE POLICY "cats;dogs" on cats_dogs;', ' END');
		splitsInto('CREATE POLICY "pet""name" on pets;', ' END');
		splitsInto('$tag$ any ; string$tag$');
		splitsInto('$$"Dane\'s horse"$$');
		splitsInto('SELECT "$";', ' $$');
	});

	it('does not split inside parentheses or a BEGIN ATOMIC body, but does after a function named atomic_…', () => {
		splitsInto(
			'CREATE RULE notify_me AS ON UPDATE TO mytable DO (NOTIFY mytable; SELECT "1");',
			'SELECT 1'
		);
		splitsInto("begin atomic; select 'end'; end");
		splitsInto(
			"CREATE FUNCTION add(a integer, b integer) RETURNS integer\nLANGUAGE SQL\nBEGIN ATOMIC\n\tSELECT 'add';\n\tSELECT a + b;\nEND;"
		);
		splitsInto(
			'CREATE OR REPLACE FUNCTION public.atomic_example()\nRETURNS INTEGER LANGUAGE plpgsql AS $$\nBEGIN\n  RETURN 1;\nEND;\n$$;',
			'\nGRANT EXECUTE ON FUNCTION public.atomic_example() TO authenticated;'
		);
	});

	it('records statements without their semicolon and surrounding space, and drops empty ones', () => {
		expect(
			splitStatements('-- Tràng Duệ\ncreate table t (a int);\n\n;\ninsert into t values (1);  \n')
		).toEqual(['-- Tràng Duệ\ncreate table t (a int)', 'insert into t values (1)']);
	});
});
